namespace IceCube.Reco.Compute;

/// <summary>Operand checks of the pooling op.</summary>
internal static partial class OpsValidation
{
    /// <summary>x [B, L, C] and y [B, C] (forward) or dy [B, C] and dx [B, L, C] (backward).</summary>
    public static void Pooling(
        Device device, DeviceTensor? sequence, string sequenceName, DeviceTensor? pooled, string pooledName,
        DeviceTensor? lengths)
    {
        SequenceTensor(device, sequence, sequenceName);
        Contiguous(device, pooled, pooledName);
        int batch = sequence!.Dim(0), channels = sequence.Dim(2);
        if (pooled!.Rank != 2 || pooled.Dim(0) != batch || pooled.Dim(1) != channels)
        {
            throw new ArgumentException(
                $"'{pooledName}' is {Describe(pooled)} but must be [{batch}, {channels}] for '{sequenceName}' {Describe(sequence)}.",
                pooledName);
        }

        SequenceLengths(device, lengths, batch);
    }
}
