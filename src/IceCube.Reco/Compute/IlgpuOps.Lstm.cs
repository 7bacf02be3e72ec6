using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// Launchers of the LSTM recurrence: one launch covers every direction and event, with the kernels of
/// <see cref="LstmVariant"/> (per-event work items, or thread groups of four events for CUDA).
/// </summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void LstmForward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var shape = OpsValidation.LstmForward(
            device, batch, lengths, gates, cells, previousHidden, output, forwardRecurrentKernel, reverseRecurrentKernel);
        int items = LstmKernels.Items(shape.Directions, shape.Batch);
        if (items == 0 || shape.Steps == 0)
        {
            return;
        }

        var reverse = reverseRecurrentKernel ?? forwardRecurrentKernel;
        if (UseGroups(shape.Hidden))
        {
            kernels.LstmGroupForward(
                GroupConfig(shape), shape, lengths.View, gates.View, cells.View, previousHidden.View, output.View,
                forwardRecurrentKernel.View, reverse.View);
            return;
        }

        var work = Split(items);
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
        int items = LstmKernels.Items(shape.Directions, shape.Batch);
        if (items == 0 || shape.Steps == 0)
        {
            return;
        }

        var reverse = reverseRecurrentKernel ?? forwardRecurrentKernel;
        if (UseGroups(shape.Hidden))
        {
            // Each direction's U^T [4H, H], so that neighbouring threads of dz U^T read neighbouring weights.
            int transposedLength = shape.Directions * 4 * shape.Hidden * shape.Hidden;
            var transposed = Scratch(transposedLength);
            kernels.LstmTransposeRecurrent(
                transposedLength, forwardRecurrentKernel.View, reverse.View, transposed, shape.Hidden);
            kernels.LstmGroupBackward(
                GroupConfig(shape), shape, lengths.View, gates.View, cells.View, outputGradient.View, gateGradient.View, transposed);
            return;
        }

        // dh and dc carried between steps, per direction and event; stream order makes sharing the scratch safe.
        var carry = Scratch(shape.Directions * shape.Batch * 2 * shape.Hidden);
        var work = Split(items);
        kernels.LstmBackward(
            work.Workers, work, shape, lengths.View, gates.View, cells.View, outputGradient.View, gateGradient.View,
            carry, forwardRecurrentKernel.View, reverse.View);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Composed from the training forward's launches: one GEMM per direction writes x W + bias into
    /// <paramref name="gates"/>, then <see cref="LstmForward"/> runs the recurrence with <paramref name="cells"/> and
    /// <paramref name="previousHidden"/> as scratch. The same results as the training forward, bit for bit.
    /// </remarks>
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

        int rows = shape.Batch * shape.Steps;
        int width = 4 * shape.Hidden;
        var inputRows = input.Reshape(rows, input.Dim(2));
        for (int d = 0; d < shape.Directions; d++)
        {
            var gateRows = gates.Slice(d, 1).Reshape(gates.Dim(1) * shape.Steps, width).Slice(0, rows);
            Gemm(inputRows, false, d == 0 ? forwardKernel : reverseKernel!, false, gateRows,
                bias: d == 0 ? forwardBias : reverseBias);
        }

        LstmForward(
            batch, lengths, gates, cells, previousHidden, output, forwardRecurrentKernel, reverseRecurrentKernel);
    }

    // One group of 4H threads per four events of one direction, with the grouped kernels' shared memory.
    private static KernelConfig GroupConfig(in LstmShape shape) => new(
        new Index1D(LstmGroupKernels.Groups(shape.Directions, shape.Batch)),
        new Index1D(LstmGroupKernels.Threads(shape.Hidden)),
        SharedMemoryConfig.RequestDynamic<float>(LstmGroupKernels.SharedFloats(shape.Hidden)));

    // The grouped kernels need 4H threads in one group (and their shared memory) on this accelerator.
    private bool UseGroups(int hidden) =>
        LstmVariant == LstmVariant.Grouped
        && hidden <= LstmGroupKernels.MaxHidden
        && LstmGroupKernels.Threads(hidden) <= accelerator.MaxNumThreadsPerGroup
        && LstmGroupKernels.SharedFloats(hidden) * sizeof(float) <= accelerator.MaxSharedMemoryPerGroup;
}
