using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The Conv1D launchers: im2col and col2im kernels around the GEMM, one work item per step (b, t).</summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void Conv1DForward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias, DeviceTensor columns,
        DeviceTensor y, ActivationKind activation)
    {
        var shape = OpsValidation.Conv1D(device, x, lengths, weights, bias, columns, y);
        int rows = x.Dim(0) * shape.Steps;
        if (rows == 0)
        {
            return;
        }

        int window = shape.KernelSize * shape.InChannels;
        var work = Split(rows);
        kernels.Conv1DIm2Col(work.Workers, work, x.View, lengths.View, columns.View, shape);
        Gemm(columns.Reshape(rows, window), false, weights.Reshape(window, shape.OutChannels), false,
            y.Reshape(rows, shape.OutChannels), bias: bias);
        kernels.Conv1DActivateMasked(work.Workers, work, y.View, lengths.View, shape, activation);
    }

    /// <inheritdoc />
    public void Conv1DBackward(
        DeviceTensor lengths, DeviceTensor weights, DeviceTensor columns, DeviceTensor y, DeviceTensor dy,
        ActivationKind activation, DeviceTensor dz, DeviceTensor dColumns, DeviceTensor dWeights, DeviceTensor dBias,
        DeviceTensor? dx)
    {
        var shape = OpsValidation.Conv1DBackward(
            device, lengths, weights, columns, y, dy, dz, dColumns, dWeights, dBias, dx);
        int rows = y.Dim(0) * shape.Steps;
        if (rows == 0)
        {
            // No steps: the parameter gradients are empty sums.
            Fill(dWeights, 0f);
            Fill(dBias, 0f);
            return;
        }

        int window = shape.KernelSize * shape.InChannels;
        var work = Split(rows);
        kernels.Conv1DOutputGradient(work.Workers, work, y.View, dy.View, lengths.View, dz.View, shape, activation);
        var dzMatrix = dz.Reshape(rows, shape.OutChannels);

        // dw = columns^T dz and dbias = the column sums of dz: masked taps and padded steps are 0 in both factors.
        Gemm(columns.Reshape(rows, window), true, dzMatrix, false, dWeights.Reshape(window, shape.OutChannels));
        ColumnSums(dzMatrix, dBias);
        if (dx is not null)
        {
            Gemm(dzMatrix, false, weights.Reshape(window, shape.OutChannels), true, dColumns.Reshape(rows, window));
            kernels.Conv1DCol2Im(work.Workers, work, dColumns.View, lengths.View, dx.View, shape);
        }
    }
}
