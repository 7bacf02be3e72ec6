using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Layers;

/// <summary>
/// Inverted dropout: in training each element is kept with probability 1 - rate and scaled by 1 / (1 - rate), else
/// zeroed; at inference the layer is the identity (it returns its input). Any input shape.
/// </summary>
/// <remarks>
/// The mask is counter-based, not drawn from a generator's state: element i (flat index within the batch
/// [B', ...]) is kept when the top 24 bits of Mix64(Mix64(Mix64(s) ^ step) ^ i), times 2^-24, are &gt;= rate
/// (Mix64 = SplitMix64's output function), with step = <see cref="BatchContext.Step"/> and the mask seed
/// s = <see cref="BatchContext.Seed"/> XOR Mix64(build seed), so two Dropout layers of one model draw different
/// masks. Forward and backward of one step recompute the same mask, runs with the same seeds repeat exactly, and
/// every step draws a fresh mask. One launch forward, one backward.
/// </remarks>
internal sealed class Dropout : Layer
{
    private Device? device;
    private BatchBuffer? output;
    private BatchBuffer? inputGradient;
    private int[] shape = [];
    private int capacity;
    private ulong salt;
    private int lastBatch = -1;
    private bool lastTraining;

    /// <summary>Creates an unbuilt layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">rate is not in [0, 1).</exception>
    public Dropout(string name, float rate)
        : base(name)
    {
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Layer '{name}': the dropout rate must be in [0, 1).");
        }

        Rate = rate;
    }

    /// <summary>The probability of dropping an element, in [0, 1).</summary>
    public float Rate { get; }

    /// <inheritdoc />
    public override string Kind => "Dropout";

    /// <summary>The seed of the masks of a batch: the model's seed XOR this layer's salt, Mix64(build seed).</summary>
    public ulong MaskSeed(BatchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Seed ^ salt;
    }

    /// <inheritdoc />
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        foreach (int dimension in inputShape)
        {
            if (dimension < 1)
            {
                throw new ArgumentException(
                    $"Layer '{Name}' (Dropout): input shape [{string.Join(", ", inputShape.ToArray())}] has an empty dimension.",
                    nameof(inputShape));
            }
        }

        return inputShape.ToArray();
    }

    /// <inheritdoc />
    public override void Build(Device device, ReadOnlySpan<int> inputShape, int capacity, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        shape = OutputShape(inputShape);
        if (this.device is not null)
        {
            throw new InvalidOperationException($"Layer '{Name}' is already built.");
        }

        this.device = device;
        this.capacity = capacity;
        salt = DropoutKernels.Mix64(seed);
        output = new BatchBuffer(device, capacity, shape);
        inputGradient = new BatchBuffer(device, capacity, shape);
    }

    /// <inheritdoc />
    public override DeviceTensor Forward(BatchContext context, DeviceTensor input)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.Check(this, context, input, shape, capacity, nameof(input));
        lastBatch = context.BatchSize;
        lastTraining = context.Training && Rate > 0f;
        if (!lastTraining)
        {
            return input;
        }

        var y = output!.For(context.BatchSize);
        device!.Ops.Dropout.Apply(input, y, Rate, MaskSeed(context), (ulong)context.Step);
        return y;
    }

    /// <inheritdoc />
    public override DeviceTensor? Backward(BatchContext context, DeviceTensor outputGradient, bool computeInputGradient)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.RequireForward(this, context, lastBatch);
        LayerInput.Check(this, context, outputGradient, shape, capacity, nameof(outputGradient));
        if (!computeInputGradient)
        {
            return null;
        }

        // The identity's gradient is the identity: dy passes through unchanged (and uncopied).
        if (!lastTraining)
        {
            return outputGradient;
        }

        var dx = inputGradient!.For(context.BatchSize);
        device!.Ops.Dropout.Apply(outputGradient, dx, Rate, MaskSeed(context), (ulong)context.Step);
        return dx;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        output?.Dispose();
        inputGradient?.Dispose();
    }
}
