using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// Masked global average pooling over time (see <see cref="IceCube.Reco.Kernels.PoolingKernels"/>): checks the
/// operands once, then hands the call to the backend (<see cref="HostPoolingOps"/> or <see cref="IlgpuPoolingOps"/>).
/// </summary>
internal abstract class PoolingOps(Device device)
{
    /// <summary>The device whose tensors the op takes.</summary>
    protected Device Device { get; } = device;

    /// <summary>y [B, C] = the mean of x [B, L, C] over each event's real steps (0 for an empty event).</summary>
    public void Forward(DeviceTensor x, DeviceTensor lengths, DeviceTensor y)
    {
        Check(x, nameof(x), y, nameof(y), lengths);
        if (y.Length > 0)
        {
            RunForward(x, lengths, y);
        }
    }

    /// <summary>dx [B, L, C] = dy [B, C] / len at real steps, 0 at padded steps.</summary>
    public void Backward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx)
    {
        Check(dx, nameof(dx), dy, nameof(dy), lengths);
        if (dx.Length > 0)
        {
            RunBackward(dy, lengths, dx);
        }
    }

    /// <summary>The forward pass over checked operands with a non-empty y.</summary>
    protected abstract void RunForward(DeviceTensor x, DeviceTensor lengths, DeviceTensor y);

    /// <summary>The backward pass over checked operands with a non-empty dx.</summary>
    protected abstract void RunBackward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx);

    // x [B, L, C] and y [B, C] (forward) or dx [B, L, C] and dy [B, C] (backward).
    private void Check(
        DeviceTensor? sequence, string sequenceName, DeviceTensor? pooled, string pooledName, DeviceTensor? lengths)
    {
        Sequence(Device, sequence, sequenceName);
        Contiguous(Device, pooled, pooledName);
        int batch = sequence!.Dim(0), channels = sequence.Dim(2);
        if (pooled!.Rank != 2 || pooled.Dim(0) != batch || pooled.Dim(1) != channels)
        {
            throw new ArgumentException(
                $"'{pooledName}' is {Describe(pooled)} but must be [{batch}, {channels}] for '{sequenceName}' " +
                $"{Describe(sequence)}.",
                pooledName);
        }

        SequenceLengths(Device, lengths, batch);
    }
}
