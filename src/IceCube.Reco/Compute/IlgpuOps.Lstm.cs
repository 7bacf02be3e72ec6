using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>Launchers of the LSTM recurrence: one launch covers every (direction, event) pair.</summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void LstmForward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var shape = OpsValidation.LstmForward(
            device, batch, lengths, gates, cells, previousHidden, output, forwardRecurrentKernel, reverseRecurrentKernel);
        int items = shape.Directions * shape.Batch;
        if (items == 0 || shape.Steps == 0)
        {
            return;
        }

        var work = Split(items);
        var reverse = reverseRecurrentKernel ?? forwardRecurrentKernel;
        kernels.LstmForward(
            work.Workers, work, shape, lengths.View, gates.View, cells.View, previousHidden.View, output.View,
            forwardRecurrentKernel.View, reverse.View);
    }

    /// <inheritdoc />
    public void LstmBackward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var shape = OpsValidation.LstmBackward(
            device, batch, lengths, gates, cells, outputGradient, gateGradient, forwardRecurrentKernel,
            reverseRecurrentKernel);
        int items = shape.Directions * shape.Batch;
        if (items == 0 || shape.Steps == 0)
        {
            return;
        }

        // dh and dc carried between steps, per (direction, event); stream order makes sharing the scratch safe.
        var carry = Scratch(items * 2 * shape.Hidden);
        var work = Split(items);
        var reverse = reverseRecurrentKernel ?? forwardRecurrentKernel;
        kernels.LstmBackward(
            work.Workers, work, shape, lengths.View, gates.View, cells.View, outputGradient.View, gateGradient.View,
            carry, forwardRecurrentKernel.View, reverse.View);
    }
}
