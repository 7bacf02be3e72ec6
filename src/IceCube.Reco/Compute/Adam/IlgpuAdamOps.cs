using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The Adam / AdamW launcher (<see cref="AdamKernels"/>): one split launch per parameter tensor.</summary>
internal sealed class IlgpuAdamOps : AdamOps
{
    private readonly IlgpuLauncher launcher;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>? update;

    /// <summary>The Adam update of <paramref name="launcher"/>'s device.</summary>
    public IlgpuAdamOps(IlgpuLauncher launcher)
        : base(launcher.Device)
    {
        this.launcher = launcher;
    }

    /// <inheritdoc />
    protected override void RunUpdate(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        in AdamSettings step)
    {
        var work = launcher.Split(parameters.Length);
        update ??= launcher.Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>(AdamKernels.Update);
        update(work.Workers, work, parameters.View, gradients.View, firstMoment.View, secondMoment.View, step);
    }
}
