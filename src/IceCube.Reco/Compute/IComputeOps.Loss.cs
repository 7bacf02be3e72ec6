using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The training losses on the network's outputs (see <see cref="LossKernels"/>).</summary>
internal partial interface IComputeOps
{
    /// <summary>
    /// meanLoss[0] = the batch mean of the loss of prediction [B, n] against target [B, n]; unless null,
    /// gradient [B, n] = dMeanLoss/dPrediction, perEventLoss [B] = each event's loss, and kappa [B] = |prediction
    /// row| (von Mises-Fisher only: the per-event concentration, about 1 / sigma^2). n is 3 for the angular and
    /// vMF losses. Deterministic; two launches.
    /// </summary>
    void Loss(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss = null, DeviceTensor? kappa = null);
}
