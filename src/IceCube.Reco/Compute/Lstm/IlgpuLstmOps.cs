using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// Launchers of the LSTM recurrence: one launch covers every direction and event, with the kernels of
/// <see cref="Variant"/> (per-event work items, or thread groups of four events for CUDA).
/// </summary>
internal sealed class IlgpuLstmOps : LstmOps
{
    private readonly IlgpuLauncher launcher;
    private readonly GemmOps gemm;
    private Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? forward;
    private Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? backward;
    private Action<KernelConfig, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? groupForward;
    private Action<KernelConfig, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? groupBackward;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? transposeRecurrent;

    /// <summary>The LSTM of <paramref name="launcher"/>'s device; the inference pass uses its GEMM.</summary>
    public IlgpuLstmOps(IlgpuLauncher launcher, GemmOps gemm)
        : base(launcher.Device)
    {
        this.launcher = launcher;
        this.gemm = gemm;
        Variant = launcher.IsCpu ? LstmVariant.PerEvent : LstmVariant.Grouped;
    }

    /// <summary>
    /// The recurrence kernels in use: by default PerEvent on the CPU accelerator, Grouped on CUDA (for H up to
    /// <see cref="LstmGroupKernels.MaxHidden"/> and groups of 4H threads; PerEvent beyond). Tests set Grouped on a CPU
    /// device with large enough groups to check the CUDA kernels' logic without a GPU.
    /// </summary>
    public LstmVariant Variant { get; set; }

    private Accelerator Accelerator => launcher.Accelerator;

    /// <inheritdoc />
    protected override void RunForward(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var reverse = reverseRecurrentKernel ?? forwardRecurrentKernel;
        if (UseGroups(shape.Hidden))
        {
            groupForward ??= Accelerator.LoadStreamKernel<LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmGroupKernels.Forward);
            groupForward(
                GroupConfig(shape), shape, lengths.View, gates.View, cells.View, previousHidden.View, output.View,
                forwardRecurrentKernel.View, reverse.View);
            return;
        }

        var work = launcher.Split(LstmKernels.Items(shape.Directions, shape.Batch));
        forward ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmKernels.Forward);
        forward(
            work.Workers, work, shape, lengths.View, gates.View, cells.View, previousHidden.View, output.View,
            forwardRecurrentKernel.View, reverse.View);
    }

    /// <inheritdoc />
    protected override void RunBackward(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel)
    {
        var reverse = reverseRecurrentKernel ?? forwardRecurrentKernel;
        if (UseGroups(shape.Hidden))
        {
            // Each direction's U^T [4H, H], so that neighbouring threads of dz U^T read neighbouring weights.
            int transposedLength = shape.Directions * 4 * shape.Hidden * shape.Hidden;
            var transposed = launcher.Scratch(transposedLength);
            transposeRecurrent ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(LstmGroupKernels.TransposeRecurrent);
            transposeRecurrent(transposedLength, forwardRecurrentKernel.View, reverse.View, transposed, shape.Hidden);
            groupBackward ??= Accelerator.LoadStreamKernel<LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmGroupKernels.Backward);
            groupBackward(
                GroupConfig(shape), shape, lengths.View, gates.View, cells.View, outputGradient.View,
                gateGradient.View, transposed);
            return;
        }

        // dh and dc carried between steps, per direction and event.
        var carry = launcher.Scratch(shape.Directions * shape.Batch * 2 * shape.Hidden);
        var work = launcher.Split(LstmKernels.Items(shape.Directions, shape.Batch));
        backward ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmKernels.Backward);
        backward(
            work.Workers, work, shape, lengths.View, gates.View, cells.View, outputGradient.View, gateGradient.View,
            carry, forwardRecurrentKernel.View, reverse.View);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Composed from the training forward's launches: one GEMM per direction writes x W + bias into
    /// <paramref name="gates"/>, then <see cref="LstmOps.Forward"/> runs the recurrence with <paramref name="cells"/>
    /// and <paramref name="previousHidden"/> as scratch. The same results as the training forward, bit for bit.
    /// </remarks>
    protected override void RunInference(
        in LstmShape shape, DeviceTensor lengths, DeviceTensor input, DeviceTensor output,
        DeviceTensor forwardKernel, DeviceTensor forwardRecurrentKernel, DeviceTensor forwardBias,
        DeviceTensor? reverseKernel, DeviceTensor? reverseRecurrentKernel, DeviceTensor? reverseBias,
        DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden)
    {
        int rows = shape.Batch * shape.Steps;
        int width = 4 * shape.Hidden;
        var inputRows = input.Reshape(rows, input.Dim(2));
        for (int d = 0; d < shape.Directions; d++)
        {
            var gateRows = gates.Slice(d, 1).Reshape(gates.Dim(1) * shape.Steps, width).Slice(0, rows);
            gemm.Multiply(inputRows, false, d == 0 ? forwardKernel : reverseKernel!, false, gateRows,
                bias: d == 0 ? forwardBias : reverseBias);
        }

        RunForward(
            shape, lengths, gates, cells, previousHidden, output, forwardRecurrentKernel, reverseRecurrentKernel);
    }

    // One group of 4H threads per four events of one direction, with the grouped kernels' shared memory.
    private static KernelConfig GroupConfig(in LstmShape shape) => new(
        new Index1D(LstmGroupKernels.Groups(shape.Directions, shape.Batch)),
        new Index1D(LstmGroupKernels.Threads(shape.Hidden)),
        SharedMemoryConfig.RequestDynamic<float>(LstmGroupKernels.SharedFloats(shape.Hidden)));

    // The grouped kernels need 4H threads in one group (and their shared memory) on this accelerator.
    private bool UseGroups(int hidden) =>
        Variant == LstmVariant.Grouped
        && hidden <= LstmGroupKernels.MaxHidden
        && LstmGroupKernels.Threads(hidden) <= Accelerator.MaxNumThreadsPerGroup
        && LstmGroupKernels.SharedFloats(hidden) * sizeof(float) <= Accelerator.MaxSharedMemoryPerGroup;
}
