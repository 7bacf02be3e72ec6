using IceCube.Reco.Compute;

namespace IceCube.Reco.Training;

/// <summary>Matches a checkpoint's named tensors to device tensors, by name and exact shape.</summary>
internal static class TensorTable
{
    /// <summary>The tensors by name.</summary>
    /// <exception cref="InvalidDataException">A name occurs twice.</exception>
    public static Dictionary<string, NamedTensor> ByName(IReadOnlyList<NamedTensor> tensors, string path)
    {
        var table = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (!table.TryAdd(tensor.Name, tensor))
            {
                throw new InvalidDataException($"Checkpoint {path} has the tensor \"{tensor.Name}\" twice.");
            }
        }

        return table;
    }

    /// <summary>Uploads the tensor called <paramref name="name"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">It is missing or its shape differs.</exception>
    public static void Upload(Dictionary<string, NamedTensor> table, string name, DeviceTensor destination, string path)
    {
        if (!table.TryGetValue(name, out var tensor))
        {
            throw new InvalidDataException($"Checkpoint {path} lacks the tensor \"{name}\" its architecture needs.");
        }

        if (!tensor.Shape.AsSpan().SequenceEqual(destination.Shape))
        {
            throw new InvalidDataException(
                $"Checkpoint {path}: tensor \"{name}\" has shape {LayerConfig.Shape(tensor.Shape)}, but its architecture " +
                $"needs {LayerConfig.Shape(destination.Shape.ToArray())}.");
        }

        destination.Upload(tensor.Data);
    }
}
