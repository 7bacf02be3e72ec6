using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// The training losses on the network's outputs (see <see cref="LossKernels"/>): checks the operands once, then
/// hands the call to the backend (<see cref="HostLossOps"/> or <see cref="IlgpuLossOps"/>).
/// </summary>
internal abstract class LossOps(Device device)
{
    /// <summary>The device whose tensors the op takes.</summary>
    protected Device Device { get; } = device;

    /// <summary>
    /// meanLoss[0] = the batch mean of the loss of prediction [B, n] against target [B, n]; unless null,
    /// gradient [B, n] = dMeanLoss/dPrediction, perEventLoss [B] = each event's loss, and kappa [B] = |prediction
    /// row| (von Mises-Fisher only: the per-event concentration, about 1 / sigma^2). n is 3 for the angular and
    /// vMF losses. Deterministic.
    /// </summary>
    public void Compute(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss = null, DeviceTensor? kappa = null)
    {
        Check(kind, prediction, target, meanLoss, gradient, perEventLoss, kappa);
        RunCompute(kind, prediction, target, meanLoss, gradient, perEventLoss, kappa);
    }

    /// <summary>The loss of checked operands (the batch may be empty: its mean is then 0).</summary>
    protected abstract void RunCompute(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss, DeviceTensor? kappa);

    // Prediction and target [B, n] (n = 3 for the direction losses), a 1-element mean, optional outputs.
    private void Check(
        LossKind kind, DeviceTensor? prediction, DeviceTensor? target, DeviceTensor? meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss, DeviceTensor? kappa)
    {
        SameShape(Device, prediction, "prediction", target, "target");
        if (prediction!.Rank != 2 || prediction.Dim(1) < 1)
        {
            throw new ArgumentException(
                $"'prediction' is {Describe(prediction)} but must be a matrix [B, outputs].", "prediction");
        }

        int batch = prediction.Dim(0);
        if (kind != LossKind.MeanSquaredError && prediction.Dim(1) != 3)
        {
            throw new ArgumentException(
                $"The {kind} loss needs 3 outputs per event (a direction vector), but 'prediction' is " +
                $"{Describe(prediction)}.",
                "prediction");
        }

        Scalar(Device, meanLoss, "meanLoss");
        if (gradient is not null)
        {
            SameShape(Device, prediction, "prediction", gradient, "gradient");
        }

        if (perEventLoss is not null)
        {
            Shape(Device, perEventLoss, "perEventLoss", batch);
        }

        if (kappa is not null)
        {
            if (kind != LossKind.VonMisesFisher)
            {
                throw new ArgumentException($"'kappa' exists only for the von Mises-Fisher loss, not {kind}.", "kappa");
            }

            Shape(Device, kappa, "kappa", batch);
        }
    }
}
