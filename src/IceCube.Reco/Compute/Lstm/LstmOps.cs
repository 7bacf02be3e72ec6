using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// The LSTM's seam: the recurrence (forward and backpropagation through time, every direction in one call) and the
/// inference-only forward pass, input projection included. Checks the operands once and derives the
/// <see cref="LstmShape"/>, then hands the call to the backend (<see cref="HostLstmOps"/> or
/// <see cref="IlgpuLstmOps"/>) unless there is nothing to compute.
/// </summary>
internal abstract class LstmOps(Device device)
{
    /// <summary>The device whose tensors the op takes.</summary>
    protected Device Device { get; } = device;

    /// <summary>
    /// Runs the recurrence of a one- or two-direction LSTM over the first <paramref name="batch"/> events.
    /// On entry <paramref name="gates"/> [D, C, L, 4H] holds x_t W + bias for every step (gate blocks i, f, g, o);
    /// on exit the activated gates. Writes c into <paramref name="cells"/> [D, C, L, H], h_prev (0 at each
    /// direction's first step and at padded steps) into <paramref name="previousHidden"/> [D, C, L, H], and h into
    /// <paramref name="output"/> [B', L, D * H] (direction d in channels d * H ..), 0 at t &gt;= length. Direction 0
    /// runs t = 0 .. len - 1 with <paramref name="forwardRecurrentKernel"/> [H, 4H]; direction 1 runs
    /// t = len - 1 .. 0 with <paramref name="reverseRecurrentKernel"/> (null for one direction).
    /// </summary>
    public void Forward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var shape = CheckCommon(batch, lengths, gates, cells, forwardRecurrentKernel, reverseRecurrentKernel);
        Shape(Device, previousHidden, "previousHidden", cells.Shape);
        Shape(Device, output, "output", batch, shape.Steps, shape.Directions * shape.Hidden);
        if (shape.Batch > 0 && shape.Steps > 0)
        {
            RunForward(
                shape, lengths, gates, cells, previousHidden, output, forwardRecurrentKernel, reverseRecurrentKernel);
        }
    }

    /// <summary>
    /// Backpropagation through time of <see cref="Forward"/> from its stored gates and cells and dLoss/dOutput
    /// <paramref name="outputGradient"/> [B', L, D * H] (ignored at padded steps): writes dLoss/dZ, the gradient of
    /// the pre-activation gates, into <paramref name="gateGradient"/> [D, C, L, 4H], 0 at padded steps. The weight,
    /// bias and input gradients follow from dZ by GEMMs and column sums, deterministically.
    /// </summary>
    public void Backward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var shape = CheckCommon(batch, lengths, gates, cells, forwardRecurrentKernel, reverseRecurrentKernel);
        Shape(Device, gateGradient, "gateGradient", gates.Shape);
        Shape(Device, outputGradient, "outputGradient", batch, shape.Steps, shape.Directions * shape.Hidden);
        if (shape.Batch > 0 && shape.Steps > 0)
        {
            RunBackward(
                shape, lengths, gates, cells, outputGradient, gateGradient, forwardRecurrentKernel,
                reverseRecurrentKernel);
        }
    }

    /// <summary>
    /// The whole inference forward pass of a one- or two-direction LSTM over the first <paramref name="batch"/>
    /// events, input projection included: from <paramref name="input"/> [B', L, Cin] writes h into
    /// <paramref name="output"/> [B', L, D * H] (direction d in channels d * H .., 0 at t &gt;= length), with the step
    /// and direction order of <see cref="Forward"/>. Direction 0 uses <paramref name="forwardKernel"/> W [Cin, 4H],
    /// <paramref name="forwardRecurrentKernel"/> U [H, 4H] and <paramref name="forwardBias"/> [4H]; direction 1 the
    /// reverse ones (all three null for one direction). Nothing a backward pass needs is kept: a device may use
    /// <paramref name="gates"/> [D, C, L, 4H], <paramref name="cells"/> and <paramref name="previousHidden"/>
    /// [D, C, L, H] as scratch, and their contents are undefined afterwards.
    /// </summary>
    public void Inference(
        int batch, DeviceTensor lengths, DeviceTensor input, DeviceTensor output,
        DeviceTensor forwardKernel, DeviceTensor forwardRecurrentKernel, DeviceTensor forwardBias,
        DeviceTensor? reverseKernel, DeviceTensor? reverseRecurrentKernel, DeviceTensor? reverseBias,
        DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden)
    {
        var shape = CheckCommon(batch, lengths, gates, cells, forwardRecurrentKernel, reverseRecurrentKernel);
        Shape(Device, previousHidden, "previousHidden", cells.Shape);
        Shape(Device, output, "output", batch, shape.Steps, shape.Directions * shape.Hidden);
        Contiguous(Device, input, "input");
        if (input.Rank != 3 || input.Dim(0) != batch || input.Dim(1) != shape.Steps || input.Dim(2) < 1)
        {
            throw new ArgumentException(
                $"'input' must be [{batch}, {shape.Steps}, Cin] with Cin >= 1, not {Describe(input)}.", "input");
        }

        int width = 4 * shape.Hidden;
        Shape(Device, forwardKernel, "forwardKernel", input.Dim(2), width);
        Shape(Device, forwardBias, "forwardBias", width);
        if (shape.Directions == 2)
        {
            Shape(Device, reverseKernel, "reverseKernel", input.Dim(2), width);
            Shape(Device, reverseBias, "reverseBias", width);
        }
        else if (reverseKernel is not null || reverseBias is not null)
        {
            throw new ArgumentException(
                "'reverseKernel' and 'reverseBias' must be null for a one-direction LSTM (gates with D = 1).",
                reverseKernel is not null ? "reverseKernel" : "reverseBias");
        }

        if (shape.Batch > 0 && shape.Steps > 0)
        {
            RunInference(
                shape, lengths, input, output, forwardKernel, forwardRecurrentKernel, forwardBias, reverseKernel,
                reverseRecurrentKernel, reverseBias, gates, cells, previousHidden);
        }
    }

    /// <summary>The recurrence over checked operands with at least one event and one step.</summary>
    protected abstract void RunForward(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel);

    /// <summary>Backpropagation through time over checked operands with at least one event and one step.</summary>
    protected abstract void RunBackward(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel);

    /// <summary>The inference pass over checked operands with at least one event and one step.</summary>
    protected abstract void RunInference(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor input, DeviceTensor output,
        DeviceTensor forwardKernel, DeviceTensor forwardRecurrentKernel, DeviceTensor forwardBias,
        DeviceTensor? reverseKernel, DeviceTensor? reverseRecurrentKernel, DeviceTensor? reverseBias,
        DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden);

    // gates [D, C, L, 4H], cells [D, C, L, H], kernels [H, 4H], lengths with at least `batch` entries, 0 <= batch <= C.
    private LstmShape CheckCommon(
        int batch, DeviceTensor? lengths, DeviceTensor? gates, DeviceTensor? cells,
        DeviceTensor? forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        Contiguous(Device, gates, "gates");
        if (gates!.Rank != 4 || gates.Dim(0) is < 1 or > 2 || gates.Dim(3) % 4 != 0 || gates.Dim(3) == 0)
        {
            throw new ArgumentException(
                $"'gates' must be [D, C, L, 4H] with D = 1 or 2 and H >= 1, not {Describe(gates)}.", "gates");
        }

        int directions = gates.Dim(0);
        int capacity = gates.Dim(1);
        int steps = gates.Dim(2);
        int hidden = gates.Dim(3) / 4;
        Shape(Device, cells, "cells", directions, capacity, steps, hidden);
        if (batch < 0 || batch > capacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batch), $"The batch of {batch} events must lie in 0 .. {capacity}, the buffers' capacity.");
        }

        Contiguous(Device, lengths, "lengths");
        if (lengths!.Rank != 1 || lengths.Length < batch)
        {
            throw new ArgumentException(
                $"'lengths' must be a vector of at least {batch} entries, not {Describe(lengths)}.", "lengths");
        }

        Shape(Device, forwardRecurrentKernel, "forwardRecurrentKernel", hidden, 4 * hidden);
        if (directions == 2)
        {
            Shape(Device, reverseRecurrentKernel, "reverseRecurrentKernel", hidden, 4 * hidden);
        }
        else if (reverseRecurrentKernel is not null)
        {
            throw new ArgumentException(
                "'reverseRecurrentKernel' must be null for a one-direction LSTM (gates with D = 1).",
                "reverseRecurrentKernel");
        }

        return new LstmShape(batch, steps, hidden, directions, capacity);
    }
}
