using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The dropout launcher (<see cref="DropoutKernels"/>).</summary>
internal sealed class IlgpuDropoutOps : DropoutOps
{
    private readonly IlgpuLauncher launcher;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ulong, float, float>? apply;

    /// <summary>The dropout of <paramref name="launcher"/>'s device.</summary>
    public IlgpuDropoutOps(IlgpuLauncher launcher)
        : base(launcher.Device)
    {
        this.launcher = launcher;
    }

    /// <inheritdoc />
    protected override void RunApply(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step)
    {
        // (seed, step) fold into one key on the host; the kernel mixes in the element index.
        var work = launcher.Split(input.Length);
        apply ??= launcher.Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ulong, float, float>(DropoutKernels.Apply);
        apply(work.Workers, work, input.View, output.View, DropoutKernels.Key(seed, step), rate, 1f / (1f - rate));
    }
}
