using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The loss launchers (<see cref="LossKernels"/>): per-event losses, then their mean in a fixed order.</summary>
internal sealed class IlgpuLossOps : LossOps
{
    private readonly IlgpuLauncher launcher;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LossKind, int, int, int, int>? perEvent;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int>? mean;

    /// <summary>The losses of <paramref name="launcher"/>'s device.</summary>
    public IlgpuLossOps(IlgpuLauncher launcher)
        : base(launcher.Device)
    {
        this.launcher = launcher;
    }

    /// <inheritdoc />
    protected override void RunCompute(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss, DeviceTensor? kappa)
    {
        int batch = prediction.Dim(0);
        int outputs = prediction.Dim(1);
        var accelerator = launcher.Accelerator;

        // Without a caller's buffer the per-event losses go to the shared scratch.
        var losses = perEventLoss is not null && batch > 0 ? perEventLoss.View : launcher.Scratch(batch);
        if (batch > 0)
        {
            // Views the kernel does not write stand in with the losses view, so every argument is a valid view.
            var work = launcher.Split(batch);
            perEvent ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LossKind, int, int, int, int>(LossKernels.PerEvent);
            perEvent(
                work.Workers, work, prediction.View, target.View, losses,
                gradient?.View ?? losses, kappa?.View ?? losses, kind, outputs, batch,
                gradient is not null ? 1 : 0, kappa is not null ? 1 : 0);
        }

        mean ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(LossKernels.Mean);
        mean(1, losses, meanLoss.View, batch);
    }
}
