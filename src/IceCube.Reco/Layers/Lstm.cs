using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>
/// A masked LSTM over padded sequences that returns the whole sequence: [B, L, Cin] to [B, L, D * H], with
/// D = 1 direction here and D = 2 in <see cref="BiLstm"/>. Each event runs over its true length only: the forward
/// direction visits t = 0 .. len - 1, the reverse one len - 1 .. 0 (starting at the event's last real pulse), and
/// the output is 0 at t &gt;= len.
/// </summary>
/// <remarks>
/// <para>Weights of one direction, row-major, in Keras' layout (so weights move to and from Keras unchanged, and to
/// PyTorch by transposing the kernels and adding b_ih + b_hh into the one bias):</para>
/// <list type="bullet">
/// <item>kernel W [Cin, 4H]: W[c, j] at c * 4H + j; Glorot uniform, limit sqrt(6 / (Cin + 4H)).</item>
/// <item>recurrent_kernel U [H, 4H]: U[k, j] at k * 4H + j; Keras' orthogonal over the whole matrix (U U^T = I).</item>
/// <item>bias [4H]: one combined bias; 0 except the forget-gate block, which starts at 1 (unit_forget_bias).</item>
/// <item>The 4H axis holds gate-major blocks of H units in the order i, f, g, o: column j = gate * H + unit.</item>
/// </list>
/// <para>One step: z = x_t W + h_prev U + bias; i, f, o = sigmoid(z_i, z_f, z_o); g = tanh(z_g);
/// c_t = f c_prev + i g; h_t = o tanh(c_t); h_prev = c_prev = 0 at a direction's first step.</para>
/// <para>Computation: the input projection of all steps is one GEMM per direction; the recurrence is one fused
/// launch for all directions and events (four events per work item on a CPU, per thread group of 4H threads on
/// CUDA); the backward pass is one fused launch producing dZ, then dW = X^T dZ, dU = H_prev^T dZ and dX = dZ W^T as
/// GEMMs and the bias gradient as column sums, all deterministic. A forward pass with <see cref="BatchContext.Training"/> false runs
/// <see cref="LstmOps.Inference"/> instead, which keeps nothing for backpropagation (on the host it fuses the
/// input projection into the recurrence); <see cref="Backward"/> after it throws.</para>
/// </remarks>
internal class Lstm : Layer
{
    private readonly int units;
    private readonly int directions;
    private readonly List<Parameter> parameters = [];
    private Device? device;
    private int steps;
    private int inChannels;
    private int capacity;
    private DeviceTensor? gates;
    private DeviceTensor? gateGradient;
    private DeviceTensor? cells;
    private DeviceTensor? previousHidden;
    private DeviceTensor? output;
    private DeviceTensor? inputGradient;
    private DeviceTensor? input;
    private int batch;

    // True after a forward pass with BatchContext.Training false: no activations were kept, so no backward pass.
    private bool inferenceOnly;

    // Views of the batch in flight, rebuilt only when the batch size (or the input tensor) changes, so that
    // steps of one size create no objects.
    private int viewBatch = -1;
    private DeviceTensor? viewInput;
    private DeviceTensor? inputRows;
    private DeviceTensor? outputView;
    private DeviceTensor? inputGradientView;
    private DeviceTensor? inputGradientRows;
    private DeviceTensor[] gateRows = [];
    private DeviceTensor[] gateGradientRows = [];
    private DeviceTensor[] previousHiddenRows = [];

    /// <summary>A forward-direction LSTM of <paramref name="units"/> hidden units returning sequences.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is below 1.</exception>
    public Lstm(string name, int units)
        : this(name, units, directions: 1)
    {
    }

    /// <summary>An LSTM of <paramref name="directions"/> (1 or 2) directions of <paramref name="units"/> each.</summary>
    protected Lstm(string name, int units, int directions)
        : base(name)
    {
        if (units < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(units), $"Layer '{name}': units must be at least 1, not {units}.");
        }

        this.units = units;
        this.directions = directions;
    }

    /// <inheritdoc />
    public override string Kind => "Lstm";

    /// <summary>Hidden units H of one direction.</summary>
    public int Units => units;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>The kernel W [Cin, 4H] of direction <paramref name="direction"/> (0 forward, 1 reverse).</summary>
    public Parameter Kernel(int direction) => DirectionParameter(direction, 0);

    /// <summary>The recurrent kernel U [H, 4H] of direction <paramref name="direction"/>.</summary>
    public Parameter RecurrentKernel(int direction) => DirectionParameter(direction, 1);

    /// <summary>The combined bias [4H] of direction <paramref name="direction"/>.</summary>
    public Parameter Bias(int direction) => DirectionParameter(direction, 2);

    /// <inheritdoc />
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        if (inputShape.Length != 2 || inputShape[0] < 1 || inputShape[1] < 1)
        {
            throw new ArgumentException(
                $"Layer '{Name}' ({Kind}) needs a sequence input [L, C] with L, C >= 1, not [{string.Join(", ", inputShape.ToArray())}].",
                nameof(inputShape));
        }

        return [inputShape[0], directions * units];
    }

    /// <inheritdoc />
    public override void Build(Device device, ReadOnlySpan<int> inputShape, int capacity, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(device);
        _ = OutputShape(inputShape);
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"Layer '{Name}': capacity must be at least 1, not {capacity}.");
        }

        if (this.device is not null)
        {
            throw new InvalidOperationException($"Layer '{Name}' is already built.");
        }

        this.device = device;
        steps = inputShape[0];
        inChannels = inputShape[1];
        this.capacity = capacity;
        int width = GateWidth;
        for (int d = 0; d < directions; d++)
        {
            string prefix = ParameterPrefix(d);
            var kernel = new Parameter(device, prefix + "kernel", inChannels, width);
            var recurrent = new Parameter(device, prefix + "recurrent_kernel", units, width);
            var bias = new Parameter(device, prefix + "bias", width);
            parameters.Add(kernel);
            parameters.Add(recurrent);
            parameters.Add(bias);

            // Keras: Glorot uniform W, orthogonal U over the whole [H, 4H], zero bias with the forget block at 1.
            ulong stream = (ulong)d * 3;
            kernel.Value.Upload(Initializers.GlorotUniform(Initializers.DeriveSeed(seed, stream), inChannels, width));
            recurrent.Value.Upload(Initializers.Orthogonal(Initializers.DeriveSeed(seed, stream + 1), units, width));
            var initialBias = new float[width];
            Array.Fill(initialBias, 1f, units, units);
            bias.Value.Upload(initialBias);
        }

        var pool = device.Pool;
        gates = pool.Rent(directions, capacity, steps, width);
        gateGradient = pool.Rent(directions, capacity, steps, width);
        cells = pool.Rent(directions, capacity, steps, units);
        previousHidden = pool.Rent(directions, capacity, steps, units);
        output = pool.Rent(capacity, steps, directions * units);
        inputGradient = pool.Rent(capacity, steps, inChannels);
    }

    /// <inheritdoc />
    public override DeviceTensor Forward(BatchContext context, DeviceTensor input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ops = RequireBuilt().Ops;
        batch = CheckBatch(context, input, [steps, inChannels], "input");
        this.input = input;
        UpdateViews(input);
        var y = outputView!;
        inferenceOnly = !context.Training;
        if (inferenceOnly)
        {
            // Only h is needed: the inference pass keeps nothing for a backward pass (the buffers are its scratch).
            ops.Lstm.Inference(
                batch, context.Lengths, input, y, Kernel(0).Value, RecurrentKernel(0).Value, Bias(0).Value,
                ReverseParameter(0), ReverseKernel(), ReverseParameter(2), gates!, cells!, previousHidden!);
            return y;
        }

        for (int d = 0; d < directions; d++)
        {
            ops.Gemm.Multiply(inputRows!, false, Kernel(d).Value, false, gateRows[d], bias: Bias(d).Value);
        }

        ops.Lstm.Forward(
            batch, context.Lengths, gates!, cells!, previousHidden!, y, RecurrentKernel(0).Value, ReverseKernel());
        return y;
    }

    /// <inheritdoc />
    public override DeviceTensor? Backward(BatchContext context, DeviceTensor outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ops = RequireBuilt().Ops;
        if (input is null || input.IsDisposed)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward needs a Forward pass first.");
        }

        if (inferenceOnly)
        {
            throw new InvalidOperationException(
                $"Layer '{Name}': Backward needs a training forward pass (BatchContext.Training true); the last "
                + "forward pass ran for inference and kept no gates or cells to backpropagate through.");
        }

        if (CheckBatch(context, outputGradient, [steps, directions * units], "outputGradient") != batch)
        {
            throw new ArgumentException(
                $"Layer '{Name}': the output gradient has {outputGradient.Dim(0)} rows but the last forward pass had {batch}.",
                nameof(outputGradient));
        }

        ops.Lstm.Backward(
            batch, context.Lengths, gates!, cells!, outputGradient, gateGradient!, RecurrentKernel(0).Value,
            ReverseKernel());
        UpdateViews(input);
        for (int d = 0; d < directions; d++)
        {
            var dz = gateGradientRows[d];
            ops.Gemm.Multiply(inputRows!, true, dz, false, Kernel(d).Gradient);
            ops.Gemm.Multiply(previousHiddenRows[d], true, dz, false, RecurrentKernel(d).Gradient);
            ops.Reductions.ColumnSums(dz, Bias(d).Gradient);
        }

        if (!computeInputGradient)
        {
            return null;
        }

        // Both directions read x: their input gradients add (beta = 1 for the second).
        for (int d = 0; d < directions; d++)
        {
            ops.Gemm.Multiply(gateGradientRows[d], false, Kernel(d).Value, true, inputGradientRows!, beta: d == 0 ? 0f : 1f);
        }

        return inputGradientView;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        foreach (var parameter in parameters)
        {
            parameter.Dispose();
        }

        parameters.Clear();
        gates?.Dispose();
        gateGradient?.Dispose();
        cells?.Dispose();
        previousHidden?.Dispose();
        output?.Dispose();
        inputGradient?.Dispose();
        input = null;
        viewInput = null;
        viewBatch = -1;
        device = null;
    }

    /// <summary>The name prefix of direction <paramref name="direction"/>'s parameters ("" for one direction).</summary>
    protected virtual string ParameterPrefix(int direction) => string.Empty;

    private int GateWidth => 4 * units;

    private Device RequireBuilt() =>
        device ?? throw new InvalidOperationException($"Layer '{Name}' must be built before it runs.");

    private DeviceTensor? ReverseKernel() => directions == 2 ? RecurrentKernel(1).Value : null;

    // The reverse direction's kernel (index 0) or bias (index 2); null for one direction.
    private DeviceTensor? ReverseParameter(int index) => directions == 2 ? DirectionParameter(1, index).Value : null;

    private Parameter DirectionParameter(int direction, int index)
    {
        if (direction < 0 || direction >= directions)
        {
            throw new ArgumentOutOfRangeException(
                nameof(direction), $"Layer '{Name}' has {directions} direction(s); {direction} does not exist.");
        }

        if (parameters.Count == 0)
        {
            throw new InvalidOperationException($"Layer '{Name}' must be built before its parameters exist.");
        }

        return parameters[(direction * 3) + index];
    }

    // Rebuilds the cached views when the batch size or the input tensor differs from the last call's; otherwise
    // keeps them (a training loop's full batches reuse one set, the short last batch builds another once).
    private void UpdateViews(DeviceTensor currentInput)
    {
        if (batch != viewBatch)
        {
            outputView = output!.Slice(0, batch);
            inputGradientView = inputGradient!.Slice(0, batch);
            inputGradientRows = inputGradientView.Reshape(batch * steps, inChannels);
            gateRows = new DeviceTensor[directions];
            gateGradientRows = new DeviceTensor[directions];
            previousHiddenRows = new DeviceTensor[directions];
            for (int d = 0; d < directions; d++)
            {
                gateRows[d] = DirectionRows(gates!, d);
                gateGradientRows[d] = DirectionRows(gateGradient!, d);
                previousHiddenRows[d] = DirectionRows(previousHidden!, d);
            }

            viewBatch = batch;
            viewInput = null;
        }

        if (!ReferenceEquals(currentInput, viewInput))
        {
            inputRows = currentInput.Reshape(batch * steps, inChannels);
            viewInput = currentInput;
        }
    }

    // Direction d's block of a [D, C, L, X] buffer as the [B' * L, X] matrix of the batch in flight.
    private DeviceTensor DirectionRows(DeviceTensor buffer, int direction)
    {
        int columns = buffer.Dim(3);
        return buffer.Slice(direction, 1).Reshape(capacity * steps, columns).Slice(0, batch * steps);
    }

    private int CheckBatch(BatchContext context, DeviceTensor tensor, ReadOnlySpan<int> rowShape, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        int rows = context.BatchSize;
        if (tensor.Rank != 3 || tensor.Dim(0) != rows || tensor.Dim(1) != rowShape[0] || tensor.Dim(2) != rowShape[1])
        {
            throw new ArgumentException(
                $"Layer '{Name}': '{name}' is [{string.Join(", ", tensor.Shape.ToArray())}] but must be [{rows}, {rowShape[0]}, {rowShape[1]}].",
                name);
        }

        if (rows > capacity)
        {
            throw new ArgumentException(
                $"Layer '{Name}': the batch of {rows} exceeds the capacity of {capacity} it was built for.", name);
        }

        return rows;
    }
}
