using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>The training losses on the host (<see cref="HostLoss"/>), on the calling thread.</summary>
internal sealed unsafe class HostLossOps(Device device) : LossOps(device)
{
    /// <inheritdoc />
    protected override void RunCompute(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss, DeviceTensor? kappa) =>
        *Ptr(meanLoss) = HostLoss.Compute(
            kind, Ptr(prediction), Ptr(target), prediction.Dim(0), prediction.Dim(1),
            PtrOrNull(gradient), PtrOrNull(perEventLoss), PtrOrNull(kappa));
}
