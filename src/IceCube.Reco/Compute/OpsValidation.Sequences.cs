namespace IceCube.Reco.Compute;

/// <summary>Operand checks shared by the sequence ops: [B, L, C] tensors and per-event lengths.</summary>
internal static partial class OpsValidation
{
    /// <summary>The per-event lengths: a contiguous vector holding at least <paramref name="batch"/> entries.</summary>
    public static void SequenceLengths(Device device, DeviceTensor? lengths, int batch)
    {
        Contiguous(device, lengths, "lengths");
        if (lengths!.Rank != 1 || lengths.Length < batch)
        {
            throw new ArgumentException(
                $"'lengths' is {Describe(lengths)} but must be a vector of at least {batch} entries (one per event).",
                "lengths");
        }
    }

    private static void SequenceTensor(Device device, DeviceTensor? tensor, string name)
    {
        Contiguous(device, tensor, name);
        if (tensor!.Rank != 3)
        {
            throw new ArgumentException($"'{name}' is {Describe(tensor)} but must be a sequence [B, L, C].", name);
        }
    }

    private static void ExactShape(DeviceTensor tensor, string name, params ReadOnlySpan<int> shape)
    {
        // A params span, not an array: the check runs on every op of every training step and must not allocate.
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new ArgumentException(
                $"'{name}' is {Describe(tensor)} but must be [{string.Join(", ", shape.ToArray())}].", name);
        }
    }
}
