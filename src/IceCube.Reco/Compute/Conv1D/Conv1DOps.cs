using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// The masked 1D convolution's seam (see <see cref="Conv1DKernels"/> for the math and layouts): checks the operands
/// once and derives the <see cref="Conv1DShape"/>, then hands the call to the backend (<see cref="HostConv1DOps"/> or
/// <see cref="IlgpuConv1DOps"/>).
/// </summary>
internal abstract class Conv1DOps(Device device)
{
    /// <summary>The device whose tensors the op takes.</summary>
    protected Device Device { get; } = device;

    /// <summary>
    /// y [B, L, Cout] = f(conv(x [B, L, Cin], weights [K, Cin, Cout]) + bias [Cout]), 'same' padding from each
    /// event's length (lengths: at least B exact float integers), y = 0 at padded steps. Also fills the workspace
    /// <paramref name="columns"/> [B, L, K Cin] with the im2col window, which the backward pass reads.
    /// </summary>
    public void Forward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias, DeviceTensor columns,
        DeviceTensor y, ActivationKind activation)
    {
        var shape = CheckForward(x, lengths, weights, bias, columns, y);
        if ((long)x.Dim(0) * shape.Steps > 0)
        {
            RunForward(shape, x, lengths, weights, bias, columns, y, activation);
        }
    }

    /// <summary>
    /// From dy, the stored forward output y and the forward's <paramref name="columns"/>: writes the masked
    /// pre-activation gradient into the workspace <paramref name="dz"/> [B, L, Cout], overwrites dWeights and dBias,
    /// and, unless null, dx [B, L, Cin] (0 at padded steps) through the workspace <paramref name="dColumns"/>
    /// [B, L, K Cin]. Deterministic.
    /// </summary>
    public void Backward(
        DeviceTensor lengths, DeviceTensor weights, DeviceTensor columns, DeviceTensor y, DeviceTensor dy,
        ActivationKind activation, DeviceTensor dz, DeviceTensor dColumns, DeviceTensor dWeights, DeviceTensor dBias,
        DeviceTensor? dx)
    {
        var shape = CheckBackward(lengths, weights, columns, y, dy, dz, dColumns, dWeights, dBias, dx);
        RunBackward(shape, lengths, weights, columns, y, dy, activation, dz, dColumns, dWeights, dBias, dx);
    }

    /// <summary>The forward pass over checked operands with at least one step (b, t).</summary>
    protected abstract void RunForward(
        in Conv1DShape shape, DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias,
        DeviceTensor columns, DeviceTensor y, ActivationKind activation);

    /// <summary>
    /// The backward pass over checked operands; with no steps it must still zero dWeights and dBias (empty sums).
    /// </summary>
    protected abstract void RunBackward(
        in Conv1DShape shape, DeviceTensor lengths, DeviceTensor weights, DeviceTensor columns, DeviceTensor y,
        DeviceTensor dy, ActivationKind activation, DeviceTensor dz, DeviceTensor dColumns, DeviceTensor dWeights,
        DeviceTensor dBias, DeviceTensor? dx);

    private Conv1DShape CheckForward(
        DeviceTensor? x, DeviceTensor? lengths, DeviceTensor? weights, DeviceTensor? bias, DeviceTensor? columns,
        DeviceTensor? y)
    {
        Sequence(Device, x, "x");
        var shape = CheckWeights(weights, bias, "bias");
        int batch = x!.Dim(0), steps = x.Dim(1);
        if (x.Dim(2) != shape.InChannels)
        {
            throw new ArgumentException(
                $"'x' is {Describe(x)} but the weights {Describe(weights!)} take {shape.InChannels} input channels.", "x");
        }

        shape = new Conv1DShape(steps, shape.InChannels, shape.OutChannels, shape.KernelSize);
        SequenceShape(columns, "columns", batch, steps, shape.KernelSize * shape.InChannels);
        SequenceShape(y, "y", batch, steps, shape.OutChannels);
        SequenceLengths(Device, lengths, batch);
        return shape;
    }

    private Conv1DShape CheckBackward(
        DeviceTensor? lengths, DeviceTensor? weights, DeviceTensor? columns, DeviceTensor? y, DeviceTensor? dy,
        DeviceTensor? dz, DeviceTensor? dColumns, DeviceTensor? dWeights, DeviceTensor? dBias, DeviceTensor? dx)
    {
        var shape = CheckWeights(weights, dBias, "dBias");
        Sequence(Device, y, "y");
        int batch = y!.Dim(0), steps = y.Dim(1);
        shape = new Conv1DShape(steps, shape.InChannels, shape.OutChannels, shape.KernelSize);
        int window = shape.KernelSize * shape.InChannels;
        SequenceShape(y, "y", batch, steps, shape.OutChannels);
        SequenceShape(columns, "columns", batch, steps, window);
        SequenceShape(dy, "dy", batch, steps, shape.OutChannels);
        SequenceShape(dz, "dz", batch, steps, shape.OutChannels);
        SequenceShape(dColumns, "dColumns", batch, steps, window);
        SameShape(Device, weights, "weights", dWeights, "dWeights");
        if (dx is not null)
        {
            SequenceShape(dx, "dx", batch, steps, shape.InChannels);
        }

        SequenceLengths(Device, lengths, batch);
        return shape;
    }

    private void SequenceShape(DeviceTensor? tensor, string name, int batch, int steps, int channels)
    {
        Sequence(Device, tensor, name);
        Shape(Device, tensor, name, batch, steps, channels);
    }

    // weights [K, Cin, Cout] with K odd, and a bias (or its gradient) [Cout]; Steps is left 0.
    private Conv1DShape CheckWeights(DeviceTensor? weights, DeviceTensor? bias, string biasName)
    {
        Contiguous(Device, weights, "weights");
        Contiguous(Device, bias, biasName);
        if (weights!.Rank != 3)
        {
            throw new ArgumentException($"'weights' is {Describe(weights)} but must be [K, Cin, Cout].", "weights");
        }

        int kernelSize = weights.Dim(0), inChannels = weights.Dim(1), outChannels = weights.Dim(2);
        if (kernelSize % 2 == 0)
        {
            throw new ArgumentException($"The kernel size must be odd for 'same' padding, not {kernelSize}.", "weights");
        }

        if (bias!.Rank != 1 || bias.Length != outChannels)
        {
            throw new ArgumentException($"'{biasName}' is {Describe(bias)} but must be [{outChannels}].", biasName);
        }

        return new Conv1DShape(0, inChannels, outChannels, kernelSize);
    }
}
