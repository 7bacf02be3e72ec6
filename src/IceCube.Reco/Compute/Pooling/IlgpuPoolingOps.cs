using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The pooling launchers (<see cref="PoolingKernels"/>): one work item per output element.</summary>
internal sealed class IlgpuPoolingOps : PoolingOps
{
    private readonly IlgpuLauncher launcher;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>? forward;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>? backward;

    /// <summary>The pooling of <paramref name="launcher"/>'s device.</summary>
    public IlgpuPoolingOps(IlgpuLauncher launcher)
        : base(launcher.Device)
    {
        this.launcher = launcher;
    }

    /// <inheritdoc />
    protected override void RunForward(DeviceTensor x, DeviceTensor lengths, DeviceTensor y)
    {
        var work = launcher.Split(y.Length);
        forward ??= launcher.Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(PoolingKernels.AverageForward);
        forward(work.Workers, work, x.View, lengths.View, y.View, x.Dim(1), x.Dim(2));
    }

    /// <inheritdoc />
    protected override void RunBackward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx)
    {
        var work = launcher.Split(dx.Length);
        backward ??= launcher.Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(PoolingKernels.AverageBackward);
        backward(work.Workers, work, dy.View, lengths.View, dx.View, dx.Dim(1), dx.Dim(2));
    }
}
