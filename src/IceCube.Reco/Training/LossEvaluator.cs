using IceCube.Reco.Compute;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Training;

/// <summary>
/// A <see cref="Loss"/> on a device for batches of up to a fixed capacity: the mean loss into a one-element device
/// tensor (read it only when needed, so training never waits on the host) and dLoss/dPrediction [B', outputs] in two
/// launches, deterministic. Optionally each event's loss and, for von Mises-Fisher, each event's kappa.
/// </summary>
internal sealed class LossEvaluator : IDisposable
{
    private readonly Device device;
    private readonly BatchBuffer gradient;

    /// <summary>Rents the loss scalar and a gradient buffer for up to <paramref name="capacity"/> events.</summary>
    /// <exception cref="ArgumentOutOfRangeException">capacity &lt; 1.</exception>
    public LossEvaluator(Device device, Loss loss, int capacity)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.device = device;
        Loss = loss;
        Capacity = capacity;
        MeanLoss = device.Pool.RentZeroed(1);
        gradient = new BatchBuffer(device, capacity, [loss.Outputs]);
    }

    /// <summary>The loss computed.</summary>
    public Loss Loss { get; }

    /// <summary>The largest batch.</summary>
    public int Capacity { get; }

    /// <summary>The mean loss of the last <see cref="Evaluate"/>, on the device.</summary>
    public DeviceTensor MeanLoss { get; }

    /// <summary>
    /// Writes <see cref="MeanLoss"/> for prediction and target [B', outputs] and returns dMeanLoss/dPrediction
    /// [B', outputs] (a view valid until the next call), or null when <paramref name="withGradient"/> is false.
    /// </summary>
    /// <exception cref="ArgumentException">A shape does not fit the loss or the capacity.</exception>
    public DeviceTensor? Evaluate(DeviceTensor prediction, DeviceTensor target, bool withGradient)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        int batch = CheckBatch(prediction);
        var dPrediction = withGradient ? gradient.For(batch) : null;
        device.Ops.Loss.Compute(Loss.Kind, prediction, target, MeanLoss, dPrediction);
        return dPrediction;
    }

    /// <summary>
    /// Writes each event's loss into <paramref name="perEventLoss"/> [B'] and, for von Mises-Fisher, each event's
    /// concentration kappa = |prediction row| into <paramref name="kappa"/> [B'] when given; also writes
    /// <see cref="MeanLoss"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A shape does not fit, or kappa was asked of another loss.</exception>
    public void EvaluatePerEvent(DeviceTensor prediction, DeviceTensor target, DeviceTensor perEventLoss, DeviceTensor? kappa)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(perEventLoss);
        CheckBatch(prediction);
        device.Ops.Loss.Compute(Loss.Kind, prediction, target, MeanLoss, null, perEventLoss, kappa);
    }

    /// <summary>Waits for the device and returns the last mean loss.</summary>
    public float ReadMeanLoss() => MeanLoss.ToArray()[0];

    /// <summary>Returns the buffers to the device's pool.</summary>
    public void Dispose()
    {
        MeanLoss.Dispose();
        gradient.Dispose();
    }

    private int CheckBatch(DeviceTensor prediction)
    {
        if (prediction.Rank != 2 || prediction.Dim(1) != Loss.Outputs || prediction.Dim(0) > Capacity)
        {
            throw new ArgumentException(
                $"The {Loss.Name} loss takes predictions [B, {Loss.Outputs}] with B <= {Capacity}, not " +
                $"[{string.Join(", ", prediction.Shape.ToArray())}].",
                nameof(prediction));
        }

        return prediction.Dim(0);
    }
}
