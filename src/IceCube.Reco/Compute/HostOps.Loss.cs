using IceCube.Reco.Compute.Host;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The training losses on the host (<see cref="HostLoss"/>), on the calling thread.</summary>
internal sealed unsafe partial class HostOps
{
    /// <inheritdoc />
    public void Loss(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss = null, DeviceTensor? kappa = null)
    {
        OpsValidation.Loss(device, kind, prediction, target, meanLoss, gradient, perEventLoss, kappa);
        *Ptr(meanLoss) = HostLoss.Compute(
            kind, Ptr(prediction), Ptr(target), prediction.Dim(0), prediction.Dim(1),
            PtrOrNull(gradient), PtrOrNull(perEventLoss), PtrOrNull(kappa));
    }
}
