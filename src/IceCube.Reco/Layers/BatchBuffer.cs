using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>
/// A layer's activation or gradient buffer [capacity, ...per-example shape], rented once at build time, handing out
/// the view of the first B' rows. The view is cached per batch size, so a training loop whose batches keep one
/// size creates no objects per step.
/// </summary>
internal sealed class BatchBuffer : IDisposable
{
    private readonly DeviceTensor full;
    private DeviceTensor? view;
    private int viewBatch = -1;

    /// <summary>Rents [<paramref name="capacity"/>, ...<paramref name="perExample"/>] from the device's pool.</summary>
    public BatchBuffer(Device device, int capacity, ReadOnlySpan<int> perExample)
    {
        int[] shape = [capacity, .. perExample];
        full = device.Pool.Rent(shape);
    }

    /// <summary>The first <paramref name="batch"/> rows, a contiguous view.</summary>
    public DeviceTensor For(int batch)
    {
        if (batch != viewBatch || view is null)
        {
            view = full.Slice(0, batch);
            viewBatch = batch;
        }

        return view;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => full.Dispose();
}
