using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>
/// A 1D convolution over time, channels last: [B, L, Cin] to [B, L, Filters], stride 1, odd kernel size K with
/// 'same' zero padding that starts at each event's true length, bias, and an optional fused activation. Outputs at
/// steps t &gt;= the event's length are exactly 0, and padded inputs are never read.
/// </summary>
/// <remarks>
/// <para>Parameters, in this order (Keras' names and layouts, so weights move between the two unchanged):</para>
/// <list type="bullet">
/// <item>kernel [K, Cin, Filters], row-major: w[k, c, o] at (k * Cin + c) * Filters + o; tap k reads step
/// t + k - K/2. Initialised Glorot uniform with Keras' fans for a convolution (fan_in = K * Cin,
/// fan_out = K * Filters), from the build seed's stream 0.</item>
/// <item>bias [Filters], initialised to 0.</item>
/// </list>
/// <para>Read or set the weights with <see cref="Parameter.Value"/>'s ToArray and Upload after
/// <see cref="Build"/>. The products are GEMMs over an im2col window [B, L, K Cin] that the layer keeps from
/// forward to backward: three launches forward, six backward (four without the input gradient).</para>
/// </remarks>
internal sealed class Conv1D : Layer
{
    private Device? device;
    private Parameter? kernel;
    private Parameter? bias;
    private BatchBuffer? output;
    private BatchBuffer? outputGradient;
    private BatchBuffer? inputGradient;
    private BatchBuffer? columns;
    private BatchBuffer? columnGradient;
    private int steps;
    private int inChannels;
    private int capacity;
    private int lastBatch = -1;

    /// <summary>Creates an unbuilt layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">filters &lt; 1, or kernelSize &lt; 1 or even.</exception>
    public Conv1D(string name, int filters, int kernelSize, Activation activation = Activation.Linear)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        if (kernelSize < 1 || kernelSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(kernelSize), kernelSize, $"Layer '{name}': the kernel size must be odd and positive for 'same' padding.");
        }

        _ = activation.ToKernel();
        Filters = filters;
        KernelSize = kernelSize;
        Activation = activation;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Odd kernel size K (time steps).</summary>
    public int KernelSize { get; }

    /// <summary>The activation applied to the output.</summary>
    public Activation Activation { get; }

    /// <inheritdoc />
    public override string Kind => "Conv1D";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => kernel is null ? [] : [kernel, bias!];

    /// <inheritdoc />
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        if (inputShape.Length != 2 || inputShape[0] < 1 || inputShape[1] < 1)
        {
            throw new ArgumentException(
                $"Layer '{Name}' (Conv1D) needs a sequence input [L, C], not [{string.Join(", ", inputShape.ToArray())}].",
                nameof(inputShape));
        }

        return [inputShape[0], Filters];
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
        inChannels = inputShape[1];
        kernel = new Parameter(device, "kernel", KernelSize, inChannels, Filters);
        bias = new Parameter(device, "bias", Filters);
        kernel.Value.Upload(Initializers.GlorotUniform(Initializers.DeriveSeed(seed, 0), KernelSize, inChannels, Filters));
        device.Ops.Elementwise.Fill(bias.Value, 0f);
        output = new BatchBuffer(device, capacity, [steps, Filters]);
        outputGradient = new BatchBuffer(device, capacity, [steps, Filters]);
        inputGradient = new BatchBuffer(device, capacity, [steps, inChannels]);
        columns = new BatchBuffer(device, capacity, [steps, KernelSize * inChannels]);
        columnGradient = new BatchBuffer(device, capacity, [steps, KernelSize * inChannels]);
    }

    /// <inheritdoc />
    public override DeviceTensor Forward(BatchContext context, DeviceTensor input)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.Check(this, context, input, [steps, inChannels], capacity, nameof(input));
        var y = output!.For(context.BatchSize);
        device!.Ops.Conv1D.Forward(
            input, context.Lengths, kernel!.Value, bias!.Value, columns!.For(context.BatchSize), y, Activation.ToKernel());
        lastBatch = context.BatchSize;
        return y;
    }

    /// <inheritdoc />
    public override DeviceTensor? Backward(BatchContext context, DeviceTensor outputGradient, bool computeInputGradient)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.RequireForward(this, context, lastBatch);
        LayerInput.Check(this, context, outputGradient, [steps, Filters], capacity, nameof(outputGradient));
        int batch = context.BatchSize;
        var dx = computeInputGradient ? inputGradient!.For(batch) : null;
        device!.Ops.Conv1D.Backward(
            context.Lengths, kernel!.Value, columns!.For(batch), output!.For(batch), outputGradient, Activation.ToKernel(),
            this.outputGradient!.For(batch), columnGradient!.For(batch), kernel.Gradient, bias!.Gradient, dx);
        return dx;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        kernel?.Dispose();
        bias?.Dispose();
        output?.Dispose();
        outputGradient?.Dispose();
        inputGradient?.Dispose();
        columns?.Dispose();
        columnGradient?.Dispose();
    }
}
