using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>
/// The mean over time of a sequence, over each event's real steps only: [B, L, C] to [B, C]; an event of length 0
/// pools to 0. No parameters; one launch forward, one backward (each real step gets dy / len, padded steps 0).
/// </summary>
internal sealed class GlobalAveragePooling1D : Layer
{
    private Device? device;
    private BatchBuffer? output;
    private BatchBuffer? inputGradient;
    private int steps;
    private int channels;
    private int capacity;
    private int lastBatch = -1;

    /// <summary>Creates an unbuilt layer.</summary>
    public GlobalAveragePooling1D(string name)
        : base(name)
    {
    }

    /// <inheritdoc />
    public override string Kind => "GlobalAveragePooling1D";

    /// <inheritdoc />
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        if (inputShape.Length != 2 || inputShape[0] < 1 || inputShape[1] < 1)
        {
            throw new ArgumentException(
                $"Layer '{Name}' (GlobalAveragePooling1D) needs a sequence input [L, C], not [{string.Join(", ", inputShape.ToArray())}].",
                nameof(inputShape));
        }

        return [inputShape[1]];
    }

    /// <inheritdoc />
    public override void Build(Device device, ReadOnlySpan<int> inputShape, int capacity, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ = OutputShape(inputShape);
        if (this.device is not null)
        {
            throw new InvalidOperationException($"Layer '{Name}' is already built.");
        }

        this.device = device;
        this.capacity = capacity;
        steps = inputShape[0];
        channels = inputShape[1];
        output = new BatchBuffer(device, capacity, [channels]);
        inputGradient = new BatchBuffer(device, capacity, [steps, channels]);
    }

    /// <inheritdoc />
    public override DeviceTensor Forward(BatchContext context, DeviceTensor input)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.Check(this, context, input, [steps, channels], capacity, nameof(input));
        var y = output!.For(context.BatchSize);
        device!.Ops.Pooling.Forward(input, context.Lengths, y);
        lastBatch = context.BatchSize;
        return y;
    }

    /// <inheritdoc />
    public override DeviceTensor? Backward(BatchContext context, DeviceTensor outputGradient, bool computeInputGradient)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.RequireForward(this, context, lastBatch);
        LayerInput.Check(this, context, outputGradient, [channels], capacity, nameof(outputGradient));
        if (!computeInputGradient)
        {
            return null;
        }

        var dx = inputGradient!.For(context.BatchSize);
        device!.Ops.Pooling.Backward(outputGradient, context.Lengths, dx);
        return dx;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        output?.Dispose();
        inputGradient?.Dispose();
    }
}
