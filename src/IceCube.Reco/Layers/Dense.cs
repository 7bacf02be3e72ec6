using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>
/// A fully connected layer on vectors: [B, In] to [B, Units], y = f(x w + bias), through the existing GEMM, bias and
/// activation ops (no kernel of its own: the GEMM already fuses the bias).
/// </summary>
/// <remarks>
/// <para>Parameters, in this order (Keras' names and layouts):</para>
/// <list type="bullet">
/// <item>kernel [In, Units], row-major: w[i, o] at i * Units + o. Initialised Glorot uniform
/// (limit sqrt(6 / (In + Units))) from the build seed's stream 0.</item>
/// <item>bias [Units], initialised to 0.</item>
/// </list>
/// <para>Read or set the weights with <see cref="Parameter.Value"/>'s ToArray and Upload after
/// <see cref="Build"/>. Launches: forward 1 (+1 for an activation); backward dw = x^T dz, dbias = column sums of dz
/// (2), dx = dz w^T, with dz = dy f'(y) (+1 for an activation).</para>
/// </remarks>
internal sealed class Dense : Layer
{
    private Device? device;
    private Parameter? kernel;
    private Parameter? bias;
    private BatchBuffer? output;
    private BatchBuffer? preActivationGradient;
    private BatchBuffer? inputGradient;
    private int inputs;
    private int capacity;
    private DeviceTensor? lastInput;
    private int lastBatch = -1;

    /// <summary>Creates an unbuilt layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">units &lt; 1.</exception>
    public Dense(string name, int units, Activation activation = Activation.Linear)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        _ = activation.ToKernel();
        Units = units;
        Activation = activation;
    }

    /// <summary>Output width.</summary>
    public int Units { get; }

    /// <summary>The activation applied to the output.</summary>
    public Activation Activation { get; }

    /// <inheritdoc />
    public override string Kind => "Dense";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => kernel is null ? [] : [kernel, bias!];

    /// <inheritdoc />
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        if (inputShape.Length != 1 || inputShape[0] < 1)
        {
            throw new ArgumentException(
                $"Layer '{Name}' (Dense) needs a vector input [In] (pool a sequence first), not [{string.Join(", ", inputShape.ToArray())}].",
                nameof(inputShape));
        }

        return [Units];
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
        inputs = inputShape[0];
        kernel = new Parameter(device, "kernel", inputs, Units);
        bias = new Parameter(device, "bias", Units);
        kernel.Value.Upload(Initializers.GlorotUniform(Initializers.DeriveSeed(seed, 0), inputs, Units));
        device.Ops.Elementwise.Fill(bias.Value, 0f);
        output = new BatchBuffer(device, capacity, [Units]);
        if (Activation != Activation.Linear)
        {
            preActivationGradient = new BatchBuffer(device, capacity, [Units]);
        }

        inputGradient = new BatchBuffer(device, capacity, [inputs]);
    }

    /// <inheritdoc />
    public override DeviceTensor Forward(BatchContext context, DeviceTensor input)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.Check(this, context, input, [inputs], capacity, nameof(input));
        var y = output!.For(context.BatchSize);
        var ops = device!.Ops;
        ops.Gemm.Multiply(input, false, kernel!.Value, false, y, bias: bias!.Value);
        if (Activation != Activation.Linear)
        {
            ops.Elementwise.Activate(Activation.ToKernel(), y, y);
        }

        lastInput = input;
        lastBatch = context.BatchSize;
        return y;
    }

    /// <inheritdoc />
    public override DeviceTensor? Backward(BatchContext context, DeviceTensor outputGradient, bool computeInputGradient)
    {
        LayerInput.RequireBuilt(this, device is not null);
        LayerInput.RequireForward(this, context, lastBatch);
        LayerInput.Check(this, context, outputGradient, [Units], capacity, nameof(outputGradient));
        int batch = context.BatchSize;
        var ops = device!.Ops;

        // dz = dy f'(z), taken from the stored output; a linear layer uses dy itself (never modified).
        var dz = outputGradient;
        if (Activation != Activation.Linear)
        {
            dz = preActivationGradient!.For(batch);
            ops.Elementwise.ActivationBackward(Activation.ToKernel(), output!.For(batch), outputGradient, dz);
        }

        ops.Gemm.Multiply(lastInput!, true, dz, false, kernel!.Gradient);
        ops.Reductions.ColumnSums(dz, bias!.Gradient);
        if (!computeInputGradient)
        {
            return null;
        }

        var dx = inputGradient!.For(batch);
        ops.Gemm.Multiply(dz, false, kernel.Value, true, dx);
        return dx;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        kernel?.Dispose();
        bias?.Dispose();
        output?.Dispose();
        preActivationGradient?.Dispose();
        inputGradient?.Dispose();
    }
}
