using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// What every ILGPU op of one device shares: the accelerator, the launch shape (about one fat thread per core on the
/// CPU accelerator, a grid-stride launch of many threads on CUDA) and one scratch buffer. Each op loads its own
/// kernels on first use and keeps them for the device's life (ILGPU compiles a kernel in milliseconds to tens of
/// milliseconds, far too slow to repeat per launch); launches queue on the accelerator's default stream.
/// </summary>
internal sealed class IlgpuLauncher
{
    private readonly int maxWorkers;
    private DeviceTensor? scratch;

    /// <summary>The launcher of <paramref name="device"/>'s accelerator.</summary>
    public IlgpuLauncher(Device device)
    {
        Device = device;
        Accelerator = device.Accelerator;
        IsCpu = Accelerator.AcceleratorType == AcceleratorType.CPU;
        maxWorkers = IsCpu ? Math.Max(1, Environment.ProcessorCount) : Accelerator.MaxNumThreads;
    }

    /// <summary>The device the ops run on.</summary>
    public Device Device { get; }

    /// <summary>Its accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True on ILGPU's CPU accelerator (few fat threads, no barriers), false on a GPU.</summary>
    public bool IsCpu { get; }

    /// <summary>
    /// The launch shape of <paramref name="count"/> work items. CPU: one contiguous block per worker, about one
    /// worker per core. GPU: span 1, a grid-stride loop.
    /// </summary>
    public Chunking Split(int count)
    {
        int workers = Math.Max(1, Math.Min(count, maxWorkers));
        int span = IsCpu ? (count + workers - 1) / workers : 1;
        return new Chunking(count, workers, Math.Max(1, span));
    }

    /// <summary>
    /// A view of at least one and at least <paramref name="length"/> floats of the shared scratch buffer: grown on
    /// demand, then reused. Ops queue in stream order, so one op's launches finish with the scratch before the next
    /// op's start; an op must not hold a view across a call to another op.
    /// </summary>
    public ArrayView<float> Scratch(int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            scratch?.Dispose();
            scratch = Device.Pool.Rent(Math.Max(length, 1024));
        }

        return scratch.View.SubView(0, Math.Max(length, 1));
    }

    /// <summary>Waits until every queued launch has finished.</summary>
    public void Synchronize() => Accelerator.Synchronize();
}
