namespace IceCube.Reco.Compute;

/// <summary>
/// The operand checks every op's validation is built from. An op's seam class (for example <see cref="Conv1DOps"/>)
/// runs its checks once, before either backend sees the call: a bad operand must fail on the host with an exception
/// naming it, because an out-of-bounds access inside a kernel is unchecked in Release on the CPU accelerator and can
/// kill the process.
/// </summary>
internal static class OperandChecks
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

    /// <summary>As <see cref="Operand"/>, and the operand is a matrix (its rows may be strided).</summary>
    public static void Matrix(Device device, DeviceTensor? tensor, string name)
    {
        Operand(device, tensor, name);
        if (tensor!.Rank != 2)
        {
            throw new ArgumentException($"Operand '{name}' must be a matrix (rank 2), not {Describe(tensor)}.", name);
        }
    }

    /// <summary>Contiguous, with exactly the shape <paramref name="expected"/>.</summary>
    public static void Shape(Device device, DeviceTensor? tensor, string name, params ReadOnlySpan<int> expected)
    {
        // A params span, not an array: checks run on every op of every training step and must not allocate.
        Contiguous(device, tensor, name);
        if (!tensor!.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"'{name}' is {Describe(tensor)} but must be [{string.Join(", ", expected.ToArray())}].", name);
        }
    }

    /// <summary>A contiguous sequence tensor [B, L, C].</summary>
    public static void Sequence(Device device, DeviceTensor? tensor, string name)
    {
        Contiguous(device, tensor, name);
        if (tensor!.Rank != 3)
        {
            throw new ArgumentException($"'{name}' is {Describe(tensor)} but must be a sequence [B, L, C].", name);
        }
    }

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

    /// <summary>A one-element contiguous tensor (a scalar result kept on the device).</summary>
    public static void Scalar(Device device, DeviceTensor? tensor, string name)
    {
        Contiguous(device, tensor, name);
        if (tensor!.Length != 1)
        {
            throw new ArgumentException($"'{name}' must hold exactly one element, not {tensor.Length}.", name);
        }
    }

    /// <summary>A tensor's shape for messages, e.g. "[32, 128, 6]".</summary>
    public static string Describe(DeviceTensor tensor) => $"[{string.Join(", ", tensor.Shape.ToArray())}]";
}
