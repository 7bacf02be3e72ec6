using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// Host-side checks of every operation's operands, shared by all implementations of <see cref="IComputeOps"/>: a
/// bad operand must fail here, with an exception naming it, before anything reaches a kernel (an out-of-bounds
/// access inside a kernel is unchecked in Release on the CPU accelerator and can kill the process).
/// </summary>
internal static partial class OpsValidation
{
    /// <summary>The operand exists, is alive, and lives on <paramref name="device"/>.</summary>
    public static void Operand(Device device, DeviceTensor? tensor, string name)
    {
        device.ThrowIfDisposed();
        if (tensor is null)
        {
            throw new ArgumentNullException(name, $"Operand '{name}' is null.");
        }

        tensor.ThrowIfDisposed(name);
        if (!ReferenceEquals(tensor.Device, device))
        {
            throw new ArgumentException(
                $"Operand '{name}' lives on {tensor.Device}, but the operation runs on another device, {device}.", name);
        }
    }

    /// <summary>As <see cref="Operand"/>, and the elements form one dense run.</summary>
    public static void Contiguous(Device device, DeviceTensor? tensor, string name)
    {
        Operand(device, tensor, name);
        if (!tensor!.IsContiguous)
        {
            throw new ArgumentException($"Operand '{name}' must be contiguous, not a strided view.", name);
        }
    }

    /// <summary>Both operands are contiguous and have the same shape.</summary>
    public static void SameShape(Device device, DeviceTensor? a, string aName, DeviceTensor? b, string bName)
    {
        Contiguous(device, a, aName);
        Contiguous(device, b, bName);
        if (!a!.Shape.SequenceEqual(b!.Shape))
        {
            throw new ArgumentException(
                $"Shape mismatch: '{aName}' is {Describe(a)} but '{bName}' is {Describe(b)}.", bName);
        }
    }

    /// <summary>Checks a product's operands and turns them into the kernel's sizes and strides.</summary>
    public static GemmShape Gemm(
        Device device, DeviceTensor? a, bool transposeA, DeviceTensor? b, bool transposeB, DeviceTensor? c,
        float alpha, float beta, DeviceTensor? bias)
    {
        Matrix(device, a, "a");
        Matrix(device, b, "b");
        Matrix(device, c, "c");
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
            Contiguous(device, bias, "bias");
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

    /// <summary>x contiguous, bias [C] with C = x's last dimension.</summary>
    public static void AddBias(Device device, DeviceTensor? x, DeviceTensor? bias)
    {
        Contiguous(device, x, "x");
        Contiguous(device, bias, "bias");
        int columns = x!.Rank == 0 ? 1 : x.Dim(x.Rank - 1);
        if (bias!.Rank != 1 || bias.Length != columns)
        {
            throw new ArgumentException(
                $"'bias' is {Describe(bias)} but must be [{columns}], the last dimension of 'x' {Describe(x)}.", "bias");
        }
    }

    /// <summary>x contiguous and its length a multiple of sums's length (the columns).</summary>
    public static void ColumnSums(Device device, DeviceTensor? x, DeviceTensor? sums)
    {
        Contiguous(device, x, "x");
        Contiguous(device, sums, "sums");
        int columns = sums!.Length;
        int lastDim = x!.Rank == 0 ? 1 : x.Dim(x.Rank - 1);
        if (lastDim != columns)
        {
            throw new ArgumentException(
                $"'sums' has {columns} elements but the last dimension of 'x' {Describe(x)} is {lastDim}.", "sums");
        }
    }

    /// <summary>Every tensor contiguous and on the device; norm has one element.</summary>
    public static void TensorList(Device device, IReadOnlyList<DeviceTensor>? tensors, DeviceTensor? norm)
    {
        if (tensors is null)
        {
            throw new ArgumentNullException(nameof(tensors));
        }

        // The operand's name is formatted only for a tensor that fails, so a valid call allocates nothing.
        device.ThrowIfDisposed();
        for (int i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            if (tensor is null || tensor.IsDisposed || !ReferenceEquals(tensor.Device, device) || !tensor.IsContiguous)
            {
                Contiguous(device, tensor, $"tensors[{i}]");
            }
        }

        Contiguous(device, norm, "norm");
        if (norm!.Length != 1)
        {
            throw new ArgumentException($"'norm' must hold exactly one element, not {norm.Length}.", "norm");
        }
    }

    /// <summary>Four tensors of one shape and sane hyperparameters.</summary>
    public static void Adam(
        Device device, DeviceTensor? parameters, DeviceTensor? gradients, DeviceTensor? firstMoment,
        DeviceTensor? secondMoment, AdamHyperparameters h, int step)
    {
        SameShape(device, parameters, "parameters", gradients, "gradients");
        SameShape(device, parameters, "parameters", firstMoment, "firstMoment");
        SameShape(device, parameters, "parameters", secondMoment, "secondMoment");
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        if (!(h.LearningRate >= 0f) || !(h.Beta1 >= 0f && h.Beta1 < 1f) || !(h.Beta2 >= 0f && h.Beta2 < 1f)
            || !(h.Epsilon > 0f) || !(h.WeightDecay >= 0f))
        {
            throw new ArgumentOutOfRangeException(
                "hyperparameters",
                $"Adam needs learning rate >= 0, 0 <= beta1, beta2 < 1, epsilon > 0, weight decay >= 0; got {h}.");
        }
    }

    private static void Matrix(Device device, DeviceTensor? tensor, string name)
    {
        Operand(device, tensor, name);
        if (tensor!.Rank != 2)
        {
            throw new ArgumentException($"Operand '{name}' must be a matrix (rank 2), not {Describe(tensor)}.", name);
        }
    }

    private static string Describe(DeviceTensor tensor) => $"[{string.Join(", ", tensor.Shape.ToArray())}]";
}
