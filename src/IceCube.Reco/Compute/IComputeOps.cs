using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The one seam between layers and kernels: every device operation a layer or optimizer needs, over
/// <see cref="DeviceTensor"/>s of one device. Implementations validate operands through <see cref="OpsValidation"/>
/// before any work is queued, then queue it asynchronously; <see cref="DeviceTensor.Download"/> waits for it.
/// Layer ops (Conv1D, LSTM, pooling, dropout, losses) join this interface beside the primitives below.
/// </summary>
internal partial interface IComputeOps
{
    /// <summary>
    /// c = alpha * op(a) * op(b) + beta * c (+ bias broadcast over rows), op(x) = x or its transpose. a, b, c are
    /// rank-2 tensors whose first dimension may be strided (<see cref="DeviceTensor.Step"/>); bias is [N].
    /// beta = 0 never reads c.
    /// </summary>
    void Gemm(
        DeviceTensor a, bool transposeA, DeviceTensor b, bool transposeB, DeviceTensor c,
        float alpha = 1f, float beta = 0f, DeviceTensor? bias = null);

    /// <summary>x = value everywhere.</summary>
    void Fill(DeviceTensor x, float value);

    /// <summary>destination = source (same element count, both contiguous).</summary>
    void Copy(DeviceTensor source, DeviceTensor destination);

    /// <summary>x = alpha * x.</summary>
    void Scale(DeviceTensor x, float alpha);

    /// <summary>y = y + alpha * x.</summary>
    void Axpy(float alpha, DeviceTensor x, DeviceTensor y);

    /// <summary>x[.., c] += bias[c]: x is contiguous with last dimension equal to bias's length.</summary>
    void AddBias(DeviceTensor x, DeviceTensor bias);

    /// <summary>y = f(x); y may be x.</summary>
    void Activate(ActivationKind kind, DeviceTensor x, DeviceTensor y);

    /// <summary>dx = dy * f'(x), with f' taken from the stored output y = f(x); dx may be dy.</summary>
    void ActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx);

    /// <summary>
    /// sums = beta * sums + the column sums of x viewed as [rows, columns] with columns = sums's length
    /// (the bias gradient). Deterministic: a fixed summation order.
    /// </summary>
    void ColumnSums(DeviceTensor x, DeviceTensor sums, float beta = 0f);

    /// <summary>norm[0] = sqrt(sum over all tensors of the sum of squares). Deterministic; stays on the device.</summary>
    void GlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm);

    /// <summary>Scales every tensor by min(1, maxNorm / norm[0]) (norm from <see cref="GlobalL2Norm"/>).</summary>
    void ClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm);

    /// <summary>
    /// One Adam or AdamW step (<paramref name="step"/> counts from 1) over one parameter tensor and its gradient and
    /// moment tensors, all of one shape; parameters and moments are updated in place.
    /// </summary>
    void Adam(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        AdamHyperparameters hyperparameters, int step);

    /// <summary>Waits until every queued operation has finished.</summary>
    void Synchronize();
}
