using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>
/// The LSTM on the host: the recurrence of <see cref="HostLstm"/> (fixed blocks of events, one per chunk) and the
/// fused inference pass of <see cref="HostLstmInference"/>.
/// </summary>
internal sealed unsafe class HostLstmOps(Device device) : LstmOps(device)
{
    // dh and dc carried per direction and event, then U^T per direction; kept between calls.
    private float[]? backwardScratch;

    // The inference recurrence's zero row and per-block cells; kept between calls.
    private float[]? inferenceScratch;

    /// <inheritdoc />
    protected override void RunForward(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel) =>
        HostLstm.Forward(
            shape, Ptr(lengths), Ptr(gates), Ptr(cells), Ptr(previousHidden), Ptr(output), Ptr(forwardRecurrentKernel),
            PtrOrNull(reverseRecurrentKernel), SimdCapability.Active);

    /// <inheritdoc />
    protected override void RunBackward(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        long length = HostLstm.BackwardScratchLength(shape.Directions, shape.Batch, shape.Hidden);
        float* scratch = Scratch(ref backwardScratch, CheckScratch(length, shape, "backward"));
        HostLstm.Backward(
            shape, Ptr(lengths), Ptr(gates), Ptr(cells), Ptr(outputGradient), Ptr(gateGradient),
            Ptr(forwardRecurrentKernel), PtrOrNull(reverseRecurrentKernel), scratch, SimdCapability.Active);
    }

    /// <inheritdoc />
    /// <remarks>The fused recurrence needs none of gates, cells or previousHidden: only a few rows per block.</remarks>
    protected override void RunInference(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor input, DeviceTensor output,
        DeviceTensor forwardKernel, DeviceTensor forwardRecurrentKernel, DeviceTensor forwardBias,
        DeviceTensor? reverseKernel, DeviceTensor? reverseRecurrentKernel, DeviceTensor? reverseBias,
        DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden)
    {
        int inputs = input.Dim(2);
        long length = HostLstmInference.ScratchLength(shape.Directions, shape.Batch, inputs, shape.Hidden);
        float* scratch = Scratch(ref inferenceScratch, CheckScratch(length, shape, "inference"));
        HostLstmInference.Run(
            shape, inputs, Ptr(lengths), Ptr(input), Ptr(output), Ptr(forwardKernel), Ptr(forwardRecurrentKernel),
            Ptr(forwardBias), PtrOrNull(reverseKernel), PtrOrNull(reverseRecurrentKernel), PtrOrNull(reverseBias),
            scratch, SimdCapability.Active);
    }

    // The message is formatted only on failure: a training step must not allocate.
    private static int CheckScratch(long length, in LstmShape shape, string pass)
    {
        if (length > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The LSTM {pass} pass of {shape.Batch} events with {shape.Hidden} units needs {length} floats of "
                + "scratch, more than one array holds.", "batch");
        }

        return (int)length;
    }
}
