using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// The GEMM seam: checks a product's operands once and turns them into the kernels' <see cref="GemmShape"/>, then
/// hands it to the backend (<see cref="HostGemmOps"/> or <see cref="IlgpuGemmOps"/>).
/// </summary>
internal abstract class GemmOps(Device device)
{
    /// <summary>The device whose tensors the op takes.</summary>
    protected Device Device { get; } = device;

    /// <summary>
    /// c = alpha * op(a) * op(b) + beta * c (+ bias broadcast over rows), op(x) = x or its transpose. a, b, c are
    /// rank-2 tensors whose first dimension may be strided (<see cref="DeviceTensor.Step"/>); bias is [N].
    /// beta = 0 never reads c.
    /// </summary>
    public void Multiply(
        DeviceTensor a, bool transposeA, DeviceTensor b, bool transposeB, DeviceTensor c,
        float alpha = 1f, float beta = 0f, DeviceTensor? bias = null)
    {
        var shape = Check(a, transposeA, b, transposeB, c, alpha, beta, bias);
        if (shape.M > 0 && shape.N > 0)
        {
            Run(shape, a, b, c, bias);
        }
    }

    /// <summary>Computes a checked, non-empty product.</summary>
    protected abstract void Run(in GemmShape shape, DeviceTensor a, DeviceTensor b, DeviceTensor c, DeviceTensor? bias);

    private GemmShape Check(
        DeviceTensor? a, bool transposeA, DeviceTensor? b, bool transposeB, DeviceTensor? c, float alpha, float beta,
        DeviceTensor? bias)
    {
        Matrix(Device, a, "a");
        Matrix(Device, b, "b");
        Matrix(Device, c, "c");
        int m = transposeA ? a!.Dim(1) : a!.Dim(0);
        int k = transposeA ? a.Dim(0) : a.Dim(1);
        int kb = transposeB ? b!.Dim(1) : b!.Dim(0);
        int n = transposeB ? b.Dim(0) : b.Dim(1);
        if (k != kb)
        {
            throw new ArgumentException(
                $"Inner dimensions differ: op(a) of {Describe(a)} (transposed: {transposeA}) has {k} columns, " +
                $"op(b) of {Describe(b)} (transposed: {transposeB}) has {kb} rows.", "b");
        }

        if (c!.Dim(0) != m || c.Dim(1) != n)
        {
            throw new ArgumentException($"'c' is {Describe(c)} but op(a) * op(b) is [{m}, {n}].", "c");
        }

        if (bias is not null)
        {
            Contiguous(Device, bias, "bias");
            if (bias.Length != n)
            {
                throw new ArgumentException($"'bias' has {bias.Length} elements; the product has {n} columns.", "bias");
            }
        }

        if (!float.IsFinite(alpha) || !float.IsFinite(beta))
        {
            throw new ArgumentException($"alpha ({alpha}) and beta ({beta}) must be finite.", nameof(alpha));
        }

        // A's stored layout is [m, k] (lda = its row stride) or, transposed, [k, m]; likewise B.
        return new GemmShape(
            m, n, k,
            transposeA ? 1 : a.RowStride, transposeA ? a.RowStride : 1,
            transposeB ? 1 : b.RowStride, transposeB ? b.RowStride : 1,
            c.RowStride, alpha, beta, bias is not null);
    }
}
