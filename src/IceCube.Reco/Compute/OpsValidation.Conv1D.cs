using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>Operand checks of the Conv1D op.</summary>
internal static partial class OpsValidation
{
    /// <summary>Checks the forward operands and returns the kernel's sizes.</summary>
    public static Conv1DShape Conv1D(
        Device device, DeviceTensor? x, DeviceTensor? lengths, DeviceTensor? weights, DeviceTensor? bias,
        DeviceTensor? y)
    {
        SequenceTensor(device, x, "x");
        SequenceTensor(device, y, "y");
        Contiguous(device, weights, "weights");
        Contiguous(device, bias, "bias");
        int batch = x!.Dim(0), steps = x.Dim(1), inChannels = x.Dim(2);
        if (weights!.Rank != 3 || weights.Dim(1) != inChannels)
        {
            throw new ArgumentException(
                $"'weights' is {Describe(weights)} but must be [K, {inChannels}, Cout] for 'x' {Describe(x)}.", "weights");
        }

        int kernelSize = weights.Dim(0), outChannels = weights.Dim(2);
        if (kernelSize % 2 == 0)
        {
            throw new ArgumentException($"The kernel size must be odd for 'same' padding, not {kernelSize}.", "weights");
        }

        if (bias!.Rank != 1 || bias.Length != outChannels)
        {
            throw new ArgumentException($"'bias' is {Describe(bias)} but must be [{outChannels}].", "bias");
        }

        ExactShape(y!, "y", batch, steps, outChannels);
        SequenceLengths(device, lengths, batch);
        return new Conv1DShape(steps, inChannels, outChannels, kernelSize);
    }

    /// <summary>Checks the backward operands (beyond the forward ones) against the forward sizes.</summary>
    public static void Conv1DBackward(
        Device device, Conv1DShape s, int batch, DeviceTensor? dy, DeviceTensor? dz, DeviceTensor? dWeights,
        DeviceTensor? dBias, DeviceTensor? dx)
    {
        SequenceTensor(device, dy, "dy");
        ExactShape(dy!, "dy", batch, s.Steps, s.OutChannels);
        SequenceTensor(device, dz, "dz");
        ExactShape(dz!, "dz", batch, s.Steps, s.OutChannels);
        Contiguous(device, dWeights, "dWeights");
        if (dWeights!.Length != s.KernelSize * s.InChannels * s.OutChannels)
        {
            throw new ArgumentException(
                $"'dWeights' is {Describe(dWeights)} but must be [{s.KernelSize}, {s.InChannels}, {s.OutChannels}].", "dWeights");
        }

        Contiguous(device, dBias, "dBias");
        if (dBias!.Length != s.OutChannels)
        {
            throw new ArgumentException($"'dBias' is {Describe(dBias)} but must be [{s.OutChannels}].", "dBias");
        }

        if (dx is not null)
        {
            SequenceTensor(device, dx, "dx");
            ExactShape(dx, "dx", batch, s.Steps, s.InChannels);
        }
    }
}
