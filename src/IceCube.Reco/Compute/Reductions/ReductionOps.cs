using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// The reductions' seam: column sums (bias gradients), the global L2 norm of a tensor list and clipping by it. Checks
/// the operands once, then hands the call to the backend (<see cref="HostReductionOps"/> or
/// <see cref="IlgpuReductionOps"/>). Every reduction sums in a fixed order, so results are deterministic.
/// </summary>
internal abstract class ReductionOps(Device device)
{
    /// <summary>The device whose tensors the ops take.</summary>
    protected Device Device { get; } = device;

    /// <summary>
    /// sums = beta * sums + the column sums of x viewed as [rows, columns] with columns = sums's length
    /// (the bias gradient). Deterministic: a fixed summation order.
    /// </summary>
    public void ColumnSums(DeviceTensor x, DeviceTensor sums, float beta = 0f)
    {
        Contiguous(Device, x, nameof(x));
        Contiguous(Device, sums, nameof(sums));
        int columns = sums.Length;
        int lastDim = x.Rank == 0 ? 1 : x.Dim(x.Rank - 1);
        if (lastDim != columns)
        {
            throw new ArgumentException(
                $"'sums' has {columns} elements but the last dimension of 'x' {Describe(x)} is {lastDim}.", nameof(sums));
        }

        if (columns > 0)
        {
            RunColumnSums(x, x.Length / columns, sums, beta);
        }
    }

    /// <summary>norm[0] = sqrt(sum over all tensors of the sum of squares). Deterministic; stays on the device.</summary>
    public void GlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm)
    {
        CheckList(tensors, norm);
        RunGlobalL2Norm(tensors, norm);
    }

    /// <summary>Scales every tensor by min(1, maxNorm / norm[0]) (norm from <see cref="GlobalL2Norm"/>).</summary>
    public void ClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm)
    {
        CheckList(tensors, norm);
        if (!(maxNorm > 0f) || float.IsInfinity(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"maxNorm must be finite and > 0, not {maxNorm}.");
        }

        RunClipByGlobalNorm(tensors, norm, maxNorm);
    }

    /// <summary>The column sums of a checked x of <paramref name="rows"/> rows into checked, non-empty sums.</summary>
    protected abstract void RunColumnSums(DeviceTensor x, int rows, DeviceTensor sums, float beta);

    /// <summary>The global norm of a checked tensor list.</summary>
    protected abstract void RunGlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm);

    /// <summary>Clips a checked tensor list by a checked norm and a valid limit.</summary>
    protected abstract void RunClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm);

    // Every tensor contiguous and on the device; norm has one element.
    private void CheckList(IReadOnlyList<DeviceTensor>? tensors, DeviceTensor? norm)
    {
        ArgumentNullException.ThrowIfNull(tensors);

        // The operand's name is formatted only for a tensor that fails, so a valid call allocates nothing.
        Device.ThrowIfDisposed();
        for (int i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            if (tensor is null || tensor.IsDisposed || !ReferenceEquals(tensor.Device, Device) || !tensor.IsContiguous)
            {
                Contiguous(Device, tensor, $"tensors[{i}]");
            }
        }

        Scalar(Device, norm, nameof(norm));
    }
}
