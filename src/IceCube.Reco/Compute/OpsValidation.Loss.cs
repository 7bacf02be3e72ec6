using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>Operand checks of the loss op.</summary>
internal static partial class OpsValidation
{
    /// <summary>Prediction and target [B, n] (n = 3 for the direction losses), a 1-element mean, optional outputs.</summary>
    public static void Loss(
        Device device, LossKind kind, DeviceTensor? prediction, DeviceTensor? target, DeviceTensor? meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss, DeviceTensor? kappa)
    {
        SameShape(device, prediction, "prediction", target, "target");
        if (prediction!.Rank != 2 || prediction.Dim(1) < 1)
        {
            throw new ArgumentException(
                $"'prediction' is {Describe(prediction)} but must be a matrix [B, outputs].", "prediction");
        }

        int batch = prediction.Dim(0);
        if (kind != LossKind.MeanSquaredError && prediction.Dim(1) != 3)
        {
            throw new ArgumentException(
                $"The {kind} loss needs 3 outputs per event (a direction vector), but 'prediction' is {Describe(prediction)}.",
                "prediction");
        }

        Contiguous(device, meanLoss, "meanLoss");
        if (meanLoss!.Length != 1)
        {
            throw new ArgumentException($"'meanLoss' must hold exactly one element, not {meanLoss.Length}.", "meanLoss");
        }

        if (gradient is not null)
        {
            SameShape(device, prediction, "prediction", gradient, "gradient");
        }

        if (perEventLoss is not null)
        {
            PerEvent(device, perEventLoss, "perEventLoss", batch);
        }

        if (kappa is not null)
        {
            if (kind != LossKind.VonMisesFisher)
            {
                throw new ArgumentException($"'kappa' exists only for the von Mises-Fisher loss, not {kind}.", "kappa");
            }

            PerEvent(device, kappa, "kappa", batch);
        }
    }

    private static void PerEvent(Device device, DeviceTensor tensor, string name, int batch)
    {
        Contiguous(device, tensor, name);
        if (tensor.Rank != 1 || tensor.Length != batch)
        {
            throw new ArgumentException($"'{name}' is {Describe(tensor)} but must be [{batch}], one per event.", name);
        }
    }
}
