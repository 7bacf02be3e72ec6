using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The host ops not written yet: each throws until its op group's file implements it.</summary>
internal sealed partial class HostOps
{
    /// <inheritdoc />
    public void Gemm(
        DeviceTensor a, bool transposeA, DeviceTensor b, bool transposeB, DeviceTensor c,
        float alpha = 1f, float beta = 0f, DeviceTensor? bias = null) => throw Pending();

    /// <inheritdoc />
    public void Fill(DeviceTensor x, float value) => throw Pending();

    /// <inheritdoc />
    public void Copy(DeviceTensor source, DeviceTensor destination) => throw Pending();

    /// <inheritdoc />
    public void Scale(DeviceTensor x, float alpha) => throw Pending();

    /// <inheritdoc />
    public void Axpy(float alpha, DeviceTensor x, DeviceTensor y) => throw Pending();

    /// <inheritdoc />
    public void AddBias(DeviceTensor x, DeviceTensor bias) => throw Pending();

    /// <inheritdoc />
    public void Activate(ActivationKind kind, DeviceTensor x, DeviceTensor y) => throw Pending();

    /// <inheritdoc />
    public void ActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx) =>
        throw Pending();

    /// <inheritdoc />
    public void ColumnSums(DeviceTensor x, DeviceTensor sums, float beta = 0f) => throw Pending();

    /// <inheritdoc />
    public void GlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm) => throw Pending();

    /// <inheritdoc />
    public void ClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm) =>
        throw Pending();

    /// <inheritdoc />
    public void Adam(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        AdamHyperparameters hyperparameters, int step) => throw Pending();

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
