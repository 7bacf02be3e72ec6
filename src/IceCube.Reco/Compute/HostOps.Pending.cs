using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The host ops not written yet: each throws until its op group's file implements it.</summary>
internal sealed partial class HostOps
{
    /// <inheritdoc />
    public void Conv1DForward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias, DeviceTensor columns,
        DeviceTensor y, ActivationKind activation) => throw Pending();

    /// <inheritdoc />
    public void Conv1DBackward(
        DeviceTensor lengths, DeviceTensor weights, DeviceTensor columns, DeviceTensor y, DeviceTensor dy,
        ActivationKind activation, DeviceTensor dz, DeviceTensor dColumns, DeviceTensor dWeights, DeviceTensor dBias,
        DeviceTensor? dx) => throw Pending();

    /// <inheritdoc />
    public void GlobalAveragePool(DeviceTensor x, DeviceTensor lengths, DeviceTensor y) => throw Pending();

    /// <inheritdoc />
    public void GlobalAveragePoolBackward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx) => throw Pending();

    /// <inheritdoc />
    public void Dropout(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step) =>
        throw Pending();

    /// <inheritdoc />
    public void Loss(
        LossKind kind, DeviceTensor prediction, DeviceTensor target, DeviceTensor meanLoss,
        DeviceTensor? gradient, DeviceTensor? perEventLoss = null, DeviceTensor? kappa = null) => throw Pending();

    private static NotSupportedException Pending([System.Runtime.CompilerServices.CallerMemberName] string op = "") =>
        new($"The host-SIMD device does not implement {op} yet; use the \"ilgpu-cpu\" device for it.");
}
