using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The loss launchers.</summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void Loss(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss = null, DeviceTensor? kappa = null)
    {
        OpsValidation.Loss(device, kind, prediction, target, meanLoss, gradient, perEventLoss, kappa);
        int batch = prediction.Dim(0);
        int outputs = prediction.Dim(1);

        // Without a caller's buffer the per-event losses go to the shared scratch (stream order keeps it safe).
        var losses = perEventLoss is not null && batch > 0 ? perEventLoss.View : Scratch(batch);
        if (batch > 0)
        {
            // Views the kernel does not write stand in with the losses view, so every argument is a valid view.
            var work = Split(batch);
            kernels.LossPerEvent(
                work.Workers, work, prediction.View, target.View, losses,
                gradient?.View ?? losses, kappa?.View ?? losses, kind, outputs, batch,
                gradient is not null ? 1 : 0, kappa is not null ? 1 : 0);
        }

        kernels.LossMean(1, losses, meanLoss.View, batch);
    }
}
