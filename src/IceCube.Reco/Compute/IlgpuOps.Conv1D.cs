using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The Conv1D launchers: one work item per step (b, t) of the [B, L] grid.</summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void Conv1DForward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias, DeviceTensor y,
        ActivationKind activation)
    {
        var shape = OpsValidation.Conv1D(device, x, lengths, weights, bias, y);
        int rows = x.Dim(0) * shape.Steps;
        if (rows > 0)
        {
            var work = Split(rows);
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
        OpsValidation.Conv1DBackward(device, shape, x.Dim(0), dy, dz, dWeights, dBias, dx);
        int rows = x.Dim(0) * shape.Steps;
        if (rows == 0)
        {
            // No steps: the gradients of the parameters are empty sums.
            Fill(dWeights, 0f);
            Fill(dBias, 0f);
            return;
        }

        var rowWork = Split(rows);
        kernels.Conv1DOutputGradient(rowWork.Workers, rowWork, y.View, dy.View, lengths.View, dz.View, shape, activation);

        // Weight and bias gradients: fixed row chunks summed in order, then the chunks added in order.
        int chunks = Math.Min(Conv1DKernels.GradientChunks, rows);
        int rowsPerChunk = (rows + chunks - 1) / chunks;
        int parameterRows = shape.KernelSize * shape.InChannels + 1;
        var partials = Scratch(chunks * parameterRows * shape.OutChannels);
        var partialWork = Split(chunks * parameterRows);
        kernels.Conv1DGradientPartials(
            partialWork.Workers, partialWork, x.View, dz.View, lengths.View, partials, shape, rows, rowsPerChunk);
        var finalWork = Split(parameterRows * shape.OutChannels);
        kernels.Conv1DGradientFinal(finalWork.Workers, finalWork, partials, dWeights.View, dBias.View, shape, chunks);

        if (dx is not null)
        {
            kernels.Conv1DInputGradient(rowWork.Workers, rowWork, dz.View, lengths.View, weights.View, dx.View, shape);
        }
    }
}
