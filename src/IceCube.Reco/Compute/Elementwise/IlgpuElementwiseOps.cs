using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The element-by-element launchers (<see cref="ElementwiseKernels"/>), one split launch each.</summary>
internal sealed class IlgpuElementwiseOps : ElementwiseOps
{
    private readonly IlgpuLauncher launcher;
    private Action<Index1D, Chunking, ArrayView<float>, float>? fill;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>>? copy;
    private Action<Index1D, Chunking, ArrayView<float>, float>? scale;
    private Action<Index1D, Chunking, float, ArrayView<float>, ArrayView<float>>? axpy;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int>? addBias;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ActivationKind>? activate;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ActivationKind>? activationBackward;

    /// <summary>The element-by-element ops of <paramref name="launcher"/>'s device.</summary>
    public IlgpuElementwiseOps(IlgpuLauncher launcher)
        : base(launcher.Device)
    {
        this.launcher = launcher;
    }

    private Accelerator Accelerator => launcher.Accelerator;

    /// <inheritdoc />
    protected override void RunFill(DeviceTensor x, float value)
    {
        var work = launcher.Split(x.Length);
        fill ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, float>(ElementwiseKernels.Fill);
        fill(work.Workers, work, x.View, value);
    }

    /// <inheritdoc />
    protected override void RunCopy(DeviceTensor source, DeviceTensor destination)
    {
        var work = launcher.Split(source.Length);
        copy ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Copy);
        copy(work.Workers, work, source.View, destination.View);
    }

    /// <inheritdoc />
    protected override void RunScale(DeviceTensor x, float alpha)
    {
        var work = launcher.Split(x.Length);
        scale ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, float>(ElementwiseKernels.Scale);
        scale(work.Workers, work, x.View, alpha);
    }

    /// <inheritdoc />
    protected override void RunAxpy(float alpha, DeviceTensor x, DeviceTensor y)
    {
        var work = launcher.Split(x.Length);
        axpy ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, float, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Axpy);
        axpy(work.Workers, work, alpha, x.View, y.View);
    }

    /// <inheritdoc />
    protected override void RunAddBias(DeviceTensor x, DeviceTensor bias)
    {
        var work = launcher.Split(x.Length);
        addBias ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int>(ElementwiseKernels.AddBias);
        addBias(work.Workers, work, x.View, bias.View, bias.Length);
    }

    /// <inheritdoc />
    protected override void RunActivate(ActivationKind kind, DeviceTensor x, DeviceTensor y)
    {
        var work = launcher.Split(x.Length);
        activate ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ActivationKind>(ElementwiseKernels.Activate);
        activate(work.Workers, work, x.View, y.View, kind);
    }

    /// <inheritdoc />
    protected override void RunActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx)
    {
        var work = launcher.Split(y.Length);
        activationBackward ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ActivationKind>(ElementwiseKernels.ActivationBackward);
        activationBackward(work.Workers, work, y.View, dy.View, dx.View, kind);
    }
}
