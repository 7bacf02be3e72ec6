using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>Operand checks of the Conv1D op.</summary>
internal static partial class OpsValidation
{
    /// <summary>Checks the forward operands and returns the kernels' sizes.</summary>
    public static Conv1DShape Conv1D(
        Device device, DeviceTensor? x, DeviceTensor? lengths, DeviceTensor? weights, DeviceTensor? bias,
        DeviceTensor? columns, DeviceTensor? y)
    {
        SequenceTensor(device, x, "x");
        var shape = Conv1DWeights(device, weights, bias, "bias");
        int batch = x!.Dim(0), steps = x.Dim(1);
        if (x.Dim(2) != shape.InChannels)
        {
            throw new ArgumentException(
                $"'x' is {Describe(x)} but the weights {Describe(weights!)} take {shape.InChannels} input channels.", "x");
        }

        shape = new Conv1DShape(steps, shape.InChannels, shape.OutChannels, shape.KernelSize);
        Conv1DSequence(device, columns, "columns", batch, steps, shape.KernelSize * shape.InChannels);
        Conv1DSequence(device, y, "y", batch, steps, shape.OutChannels);
        SequenceLengths(device, lengths, batch);
        return shape;
    }

    /// <summary>Checks the backward operands and returns the kernels' sizes.</summary>
    public static Conv1DShape Conv1DBackward(
        Device device, DeviceTensor? lengths, DeviceTensor? weights, DeviceTensor? columns, DeviceTensor? y,
        DeviceTensor? dy, DeviceTensor? dz, DeviceTensor? dColumns, DeviceTensor? dWeights, DeviceTensor? dBias,
        DeviceTensor? dx)
    {
        var shape = Conv1DWeights(device, weights, dBias, "dBias");
        SequenceTensor(device, y, "y");
        int batch = y!.Dim(0), steps = y.Dim(1);
        shape = new Conv1DShape(steps, shape.InChannels, shape.OutChannels, shape.KernelSize);
        int window = shape.KernelSize * shape.InChannels;
        Conv1DSequence(device, y, "y", batch, steps, shape.OutChannels);
        Conv1DSequence(device, columns, "columns", batch, steps, window);
        Conv1DSequence(device, dy, "dy", batch, steps, shape.OutChannels);
        Conv1DSequence(device, dz, "dz", batch, steps, shape.OutChannels);
        Conv1DSequence(device, dColumns, "dColumns", batch, steps, window);
        SameShape(device, weights, "weights", dWeights, "dWeights");
        if (dx is not null)
        {
            Conv1DSequence(device, dx, "dx", batch, steps, shape.InChannels);
        }

        SequenceLengths(device, lengths, batch);
        return shape;
    }

    /// <summary>weights [K, Cin, Cout] with K odd, and a bias (or its gradient) [Cout]; Steps is left 0.</summary>
    private static Conv1DShape Conv1DWeights(Device device, DeviceTensor? weights, DeviceTensor? bias, string biasName)
    {
        Contiguous(device, weights, "weights");
        Contiguous(device, bias, biasName);
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

    private static void Conv1DSequence(Device device, DeviceTensor? tensor, string name, int batch, int steps, int channels)
    {
        SequenceTensor(device, tensor, name);
        ExactShape(tensor!, name, batch, steps, channels);
    }
}
