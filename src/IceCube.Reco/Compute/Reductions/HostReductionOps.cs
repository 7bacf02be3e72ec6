using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>The reductions on the host (<see cref="HostReductions"/>).</summary>
internal sealed unsafe class HostReductionOps(Device device) : ReductionOps(device)
{
    private float[]? scratch;
    private nint[] tensorAddresses = new nint[64];
    private int[] tensorLengths = new int[64];

    /// <inheritdoc />
    protected override void RunColumnSums(DeviceTensor x, int rows, DeviceTensor sums, float beta)
    {
        int columns = sums.Length;
        float* partials = Scratch(ref scratch, HostReductions.ColumnSumScratch(rows, columns));
        HostReductions.ColumnSums(Ptr(x), rows, columns, Ptr(sums), beta, partials);
    }

    /// <inheritdoc />
    protected override void RunGlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm)
    {
        int count = tensors.Count;
        if (tensorAddresses.Length < count)
        {
            tensorAddresses = new nint[count];
            tensorLengths = new int[count];
        }

        for (int t = 0; t < count; t++)
        {
            tensorAddresses[t] = (nint)Ptr(tensors[t]);
            tensorLengths[t] = tensors[t].Length;
        }

        float* partials = Scratch(ref scratch, HostReductions.NormScratch(count));
        fixed (nint* addresses = tensorAddresses)
        fixed (int* lengths = tensorLengths)
        {
            *Ptr(norm) = HostReductions.GlobalL2Norm(addresses, lengths, count, partials);
        }
    }

    /// <inheritdoc />
    protected override void RunClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm)
    {
        // As the kernel: no change unless the norm exceeds the limit (a NaN norm fails the test and spreads NaN).
        float total = *Ptr(norm);
        if (total <= maxNorm)
        {
            return;
        }

        float factor = maxNorm / total;
        for (int t = 0; t < tensors.Count; t++)
        {
            HostElementwise.Run(HostElementwiseOp.Scale, tensors[t].Length, null, Ptr(tensors[t]), null, factor);
        }
    }
}
