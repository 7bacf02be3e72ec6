using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The Conv1D launchers.</summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void Conv1DForward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias, DeviceTensor y,
        ActivationKind activation)
    {
        var shape = OpsValidation.Conv1D(device, x, lengths, weights, bias, y);
        if (y.Length > 0)
        {
            var work = Split(y.Length);
            kernels.Conv1DForward(work.Workers, work, x.View, lengths.View, weights.View, bias.View, y.View, shape, activation);
        }
    }

    /// <inheritdoc />
    public void Conv1DBackward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor y, DeviceTensor dy,
        ActivationKind activation, DeviceTensor dz, DeviceTensor dWeights, DeviceTensor dBias, DeviceTensor? dx)
    {
        // The forward check covers x, lengths, weights and y; the bias's shape is dBias's.
        var shape = OpsValidation.Conv1D(device, x, lengths, weights, dBias, y);
        int batch = x.Dim(0);
        OpsValidation.Conv1DBackward(device, shape, batch, dy, dz, dWeights, dBias, dx);
        if (dz.Length > 0)
        {
            var outputWork = Split(dz.Length);
            kernels.Conv1DOutputGradient(
                outputWork.Workers, outputWork, y.View, dy.View, lengths.View, dz.View, shape, activation);
        }

        // With an empty batch dz is empty: the parameter kernel then sums nothing and only reads its dz view's
        // placeholder, never an element.
        var dzView = dz.Length > 0 ? dz.View : dWeights.View;
        var parameterWork = Split(dWeights.Length + dBias.Length);
        kernels.Conv1DParameterGradients(
            parameterWork.Workers, parameterWork, batch > 0 ? x.View : dWeights.View, dzView, lengths.View,
            dWeights.View, dBias.View, shape, batch);

        if (dx is not null && dx.Length > 0)
        {
            var inputWork = Split(dx.Length);
            kernels.Conv1DInputGradient(inputWork.Workers, inputWork, dz.View, lengths.View, weights.View, dx.View, shape);
        }
    }
}
