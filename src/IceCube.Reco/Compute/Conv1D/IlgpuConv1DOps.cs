using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// The Conv1D launchers: <see cref="Conv1DKernels"/>' im2col and col2im around the GEMM, one work item per step
/// (b, t). Forward: three launches (im2col, GEMM with bias, masked activation); backward: six (four without dx).
/// </summary>
internal sealed class IlgpuConv1DOps : Conv1DOps
{
    private readonly IlgpuLauncher launcher;
    private readonly GemmOps gemm;
    private readonly ElementwiseOps elementwise;
    private readonly ReductionOps reductions;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>? im2Col;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>? activateMasked;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>? outputGradient;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>? col2Im;

    /// <summary>The Conv1D of <paramref name="launcher"/>'s device, built on that device's other ops.</summary>
    public IlgpuConv1DOps(IlgpuLauncher launcher, GemmOps gemm, ElementwiseOps elementwise, ReductionOps reductions)
        : base(launcher.Device)
    {
        this.launcher = launcher;
        this.gemm = gemm;
        this.elementwise = elementwise;
        this.reductions = reductions;
    }

    private Accelerator Accelerator => launcher.Accelerator;

    /// <inheritdoc />
    protected override void RunForward(
        in Conv1DShape shape, DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias,
        DeviceTensor columns, DeviceTensor y, ActivationKind activation)
    {
        int rows = x.Dim(0) * shape.Steps;
        int window = shape.KernelSize * shape.InChannels;
        var work = launcher.Split(rows);
        im2Col ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>(Conv1DKernels.Im2Col);
        im2Col(work.Workers, work, x.View, lengths.View, columns.View, shape);
        gemm.Multiply(columns.Reshape(rows, window), false, weights.Reshape(window, shape.OutChannels), false,
            y.Reshape(rows, shape.OutChannels), bias: bias);
        activateMasked ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>(Conv1DKernels.ActivateMasked);
        activateMasked(work.Workers, work, y.View, lengths.View, shape, activation);
    }

    /// <inheritdoc />
    protected override void RunBackward(
        in Conv1DShape shape, DeviceTensor lengths, DeviceTensor weights, DeviceTensor columns, DeviceTensor y,
        DeviceTensor dy, ActivationKind activation, DeviceTensor dz, DeviceTensor dColumns, DeviceTensor dWeights,
        DeviceTensor dBias, DeviceTensor? dx)
    {
        int rows = y.Dim(0) * shape.Steps;
        if (rows == 0)
        {
            // No steps: the parameter gradients are empty sums.
            elementwise.Fill(dWeights, 0f);
            elementwise.Fill(dBias, 0f);
            return;
        }

        int window = shape.KernelSize * shape.InChannels;
        var work = launcher.Split(rows);
        outputGradient ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>(Conv1DKernels.OutputGradient);
        outputGradient(work.Workers, work, y.View, dy.View, lengths.View, dz.View, shape, activation);
        var dzMatrix = dz.Reshape(rows, shape.OutChannels);

        // dw = columns^T dz and dbias = the column sums of dz: masked taps and padded steps are 0 in both factors.
        gemm.Multiply(columns.Reshape(rows, window), true, dzMatrix, false, dWeights.Reshape(window, shape.OutChannels));
        reductions.ColumnSums(dzMatrix, dBias);
        if (dx is not null)
        {
            gemm.Multiply(dzMatrix, false, weights.Reshape(window, shape.OutChannels), true, dColumns.Reshape(rows, window));
            col2Im ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>(Conv1DKernels.Col2Im);
            col2Im(work.Workers, work, dColumns.View, lengths.View, dx.View, shape);
        }
    }
}
