using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>Operand checks of the LSTM recurrence ops.</summary>
internal static partial class OpsValidation
{
    /// <summary>Checks <see cref="IComputeOps.LstmForward"/>'s operands and returns the launch sizes.</summary>
    public static LstmShape LstmForward(
        Device device, int batch, DeviceTensor? lengths, DeviceTensor? gates, DeviceTensor? cells,
        DeviceTensor? previousHidden, DeviceTensor? output, DeviceTensor? forwardRecurrentKernel,
        DeviceTensor? reverseRecurrentKernel)
    {
        var shape = LstmCommon(
            device, batch, lengths, gates, cells, forwardRecurrentKernel, reverseRecurrentKernel);
        RequireShape(device, previousHidden, "previousHidden", cells!.Shape);
        RequireShape(device, output, "output", [batch, shape.Steps, shape.Directions * shape.Hidden]);
        return shape;
    }

    /// <summary>Checks <see cref="IComputeOps.LstmBackward"/>'s operands and returns the launch sizes.</summary>
    public static LstmShape LstmBackward(
        Device device, int batch, DeviceTensor? lengths, DeviceTensor? gates, DeviceTensor? cells,
        DeviceTensor? outputGradient, DeviceTensor? gateGradient, DeviceTensor? forwardRecurrentKernel,
        DeviceTensor? reverseRecurrentKernel)
    {
        var shape = LstmCommon(
            device, batch, lengths, gates, cells, forwardRecurrentKernel, reverseRecurrentKernel);
        RequireShape(device, gateGradient, "gateGradient", gates!.Shape);
        RequireShape(
            device, outputGradient, "outputGradient", [batch, shape.Steps, shape.Directions * shape.Hidden]);
        return shape;
    }

    /// <summary>Checks <see cref="IComputeOps.LstmInference"/>'s operands and returns the launch sizes.</summary>
    public static LstmShape LstmInference(
        Device device, int batch, DeviceTensor? lengths, DeviceTensor? input, DeviceTensor? output,
        DeviceTensor? forwardKernel, DeviceTensor? forwardRecurrentKernel, DeviceTensor? forwardBias,
        DeviceTensor? reverseKernel, DeviceTensor? reverseRecurrentKernel, DeviceTensor? reverseBias,
        DeviceTensor? gates, DeviceTensor? cells, DeviceTensor? previousHidden)
    {
        var shape = LstmCommon(
            device, batch, lengths, gates, cells, forwardRecurrentKernel, reverseRecurrentKernel);
        RequireShape(device, previousHidden, "previousHidden", cells!.Shape);
        RequireShape(device, output, "output", [batch, shape.Steps, shape.Directions * shape.Hidden]);
        Contiguous(device, input, "input");
        if (input!.Rank != 3 || input.Dim(0) != batch || input.Dim(1) != shape.Steps || input.Dim(2) < 1)
        {
            throw new ArgumentException(
                $"'input' must be [{batch}, {shape.Steps}, Cin] with Cin >= 1, not {Describe(input)}.", "input");
        }

        int width = 4 * shape.Hidden;
        RequireShape(device, forwardKernel, "forwardKernel", [input.Dim(2), width]);
        RequireShape(device, forwardBias, "forwardBias", [width]);
        if (shape.Directions == 2)
        {
            RequireShape(device, reverseKernel, "reverseKernel", [input.Dim(2), width]);
            RequireShape(device, reverseBias, "reverseBias", [width]);
        }
        else if (reverseKernel is not null || reverseBias is not null)
        {
            throw new ArgumentException(
                "'reverseKernel' and 'reverseBias' must be null for a one-direction LSTM (gates with D = 1).",
                reverseKernel is not null ? "reverseKernel" : "reverseBias");
        }

        return shape;
    }

    // gates [D, C, L, 4H], cells [D, C, L, H], kernels [H, 4H], lengths with at least `batch` entries, 0 <= batch <= C.
    private static LstmShape LstmCommon(
        Device device, int batch, DeviceTensor? lengths, DeviceTensor? gates, DeviceTensor? cells,
        DeviceTensor? forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        Contiguous(device, gates, "gates");
        if (gates!.Rank != 4 || gates.Dim(0) is < 1 or > 2 || gates.Dim(3) % 4 != 0 || gates.Dim(3) == 0)
        {
            throw new ArgumentException(
                $"'gates' must be [D, C, L, 4H] with D = 1 or 2 and H >= 1, not {Describe(gates)}.", "gates");
        }

        int directions = gates.Dim(0);
        int capacity = gates.Dim(1);
        int steps = gates.Dim(2);
        int hidden = gates.Dim(3) / 4;
        RequireShape(device, cells, "cells", [directions, capacity, steps, hidden]);
        if (batch < 0 || batch > capacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batch), $"The batch of {batch} events must lie in 0 .. {capacity}, the buffers' capacity.");
        }

        Contiguous(device, lengths, "lengths");
        if (lengths!.Rank != 1 || lengths.Length < batch)
        {
            throw new ArgumentException(
                $"'lengths' must be a vector of at least {batch} entries, not {Describe(lengths)}.", "lengths");
        }

        RequireShape(device, forwardRecurrentKernel, "forwardRecurrentKernel", [hidden, 4 * hidden]);
        if (directions == 2)
        {
            RequireShape(device, reverseRecurrentKernel, "reverseRecurrentKernel", [hidden, 4 * hidden]);
        }
        else if (reverseRecurrentKernel is not null)
        {
            throw new ArgumentException(
                "'reverseRecurrentKernel' must be null for a one-direction LSTM (gates with D = 1).", "reverseRecurrentKernel");
        }

        return new LstmShape(batch, steps, hidden, directions, capacity);
    }

    private static void RequireShape(Device device, DeviceTensor? tensor, string name, ReadOnlySpan<int> expected)
    {
        Contiguous(device, tensor, name);
        if (!tensor!.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"'{name}' is {Describe(tensor)} but must be [{string.Join(", ", expected.ToArray())}].", name);
        }
    }
}
