using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>Checks, shared by the layers, that a forward or backward operand fits the layer and the batch.</summary>
internal static class LayerInput
{
    /// <summary>
    /// Throws unless <paramref name="tensor"/> is [B', ...<paramref name="perExample"/>] with B' the context's batch
    /// size, at most <paramref name="capacity"/>; the message names the layer and the operand.
    /// </summary>
    public static void Check(
        Layer layer, BatchContext context, DeviceTensor tensor, ReadOnlySpan<int> perExample, int capacity,
        string operand)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tensor, operand);
        if (context.BatchSize < 0 || context.BatchSize > capacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(context),
                $"Layer '{layer.Name}': batch size {context.BatchSize} is outside 0 .. {capacity}, the capacity it was built for.");
        }

        bool fits = tensor.Rank == perExample.Length + 1 && tensor.Dim(0) == context.BatchSize
            && tensor.Shape[1..].SequenceEqual(perExample);
        if (!fits)
        {
            throw new ArgumentException(
                $"Layer '{layer.Name}' ({layer.Kind}): '{operand}' is [{string.Join(", ", tensor.Shape.ToArray())}] but must be " +
                $"[{context.BatchSize}, {string.Join(", ", perExample.ToArray())}].",
                operand);
        }
    }

    /// <summary>Throws unless the layer has been built (its buffers exist).</summary>
    public static void RequireBuilt(Layer layer, bool built)
    {
        if (!built)
        {
            throw new InvalidOperationException($"Layer '{layer.Name}' ({layer.Kind}) must be built before it runs.");
        }
    }

    /// <summary>Throws unless a backward pass follows a training forward pass of the same batch size.</summary>
    public static void RequireForward(Layer layer, BatchContext context, int forwardBatch)
    {
        if (forwardBatch != context.BatchSize)
        {
            throw new InvalidOperationException(
                $"Layer '{layer.Name}' ({layer.Kind}): backward for a batch of {context.BatchSize} needs the forward pass " +
                $"of that batch first (the last forward pass had {forwardBatch}).");
        }
    }
}
