using IceCube.Reco.Compute.Host;

namespace IceCube.Reco.Compute;

/// <summary>The LSTM recurrence on the host (<see cref="HostLstm"/>): fixed blocks of events, one per chunk.</summary>
internal sealed unsafe partial class HostOps
{
    // dh and dc carried per direction and event, then U^T per direction; kept between calls.
    private float[]? lstmScratch;

    // The inference recurrence's zero row and per-block cells; kept between calls.
    private float[]? lstmInferenceScratch;

    /// <inheritdoc />
    public void LstmForward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var shape = OpsValidation.LstmForward(
            device, batch, lengths, gates, cells, previousHidden, output, forwardRecurrentKernel, reverseRecurrentKernel);
        if (shape.Batch == 0 || shape.Steps == 0)
        {
            return;
        }

        HostLstm.Forward(
            shape, Ptr(lengths), Ptr(gates), Ptr(cells), Ptr(previousHidden), Ptr(output), Ptr(forwardRecurrentKernel),
            PtrOrNull(reverseRecurrentKernel), SimdCapability.Active);
    }

    /// <inheritdoc />
    public void LstmBackward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var shape = OpsValidation.LstmBackward(
            device, batch, lengths, gates, cells, outputGradient, gateGradient, forwardRecurrentKernel,
            reverseRecurrentKernel);
        if (shape.Batch == 0 || shape.Steps == 0)
        {
            return;
        }

        long length = HostLstm.BackwardScratchLength(shape.Directions, shape.Batch, shape.Hidden);
        if (length > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The LSTM backward pass of {shape.Batch} events with {shape.Hidden} units needs {length} floats of "
                + "scratch, more than one array holds.", nameof(batch));
        }

        HostLstm.Backward(
            shape, Ptr(lengths), Ptr(gates), Ptr(cells), Ptr(outputGradient), Ptr(gateGradient),
            Ptr(forwardRecurrentKernel), PtrOrNull(reverseRecurrentKernel), Scratch(ref lstmScratch, (int)length),
            SimdCapability.Active);
    }

    /// <inheritdoc />
    public void LstmInference(
        int batch, DeviceTensor lengths, DeviceTensor input, DeviceTensor output,
        DeviceTensor forwardKernel, DeviceTensor forwardRecurrentKernel, DeviceTensor forwardBias,
        DeviceTensor? reverseKernel, DeviceTensor? reverseRecurrentKernel, DeviceTensor? reverseBias,
        DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden)
    {
        var shape = OpsValidation.LstmInference(
            device, batch, lengths, input, output, forwardKernel, forwardRecurrentKernel, forwardBias, reverseKernel,
            reverseRecurrentKernel, reverseBias, gates, cells, previousHidden);
        if (shape.Batch == 0 || shape.Steps == 0)
        {
            return;
        }

        // The fused recurrence needs none of gates, cells or previousHidden: only a few rows of scratch per block.
        int inputs = input.Dim(2);
        long length = HostLstmInference.ScratchLength(shape.Directions, shape.Batch, inputs, shape.Hidden);
        if (length > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The LSTM inference pass of {shape.Batch} events with {shape.Hidden} units needs {length} floats of "
                + "scratch, more than one array holds.", nameof(batch));
        }

        HostLstmInference.Run(
            shape, inputs, Ptr(lengths), Ptr(input), Ptr(output), Ptr(forwardKernel), Ptr(forwardRecurrentKernel),
            Ptr(forwardBias), PtrOrNull(reverseKernel), PtrOrNull(reverseRecurrentKernel), PtrOrNull(reverseBias),
            Scratch(ref lstmInferenceScratch, (int)length), SimdCapability.Active);
    }
}
