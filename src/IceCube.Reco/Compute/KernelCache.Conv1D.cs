using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The Conv1D kernels (the products themselves are GEMMs).</summary>
internal sealed partial class KernelCache
{
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>? conv1DIm2Col;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>? conv1DActivateMasked;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>? conv1DOutputGradient;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>? conv1DCol2Im;

    /// <summary><see cref="Conv1DKernels.Im2Col"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape> Conv1DIm2Col =>
        conv1DIm2Col ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>(Conv1DKernels.Im2Col);

    /// <summary><see cref="Conv1DKernels.ActivateMasked"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind> Conv1DActivateMasked =>
        conv1DActivateMasked ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>(Conv1DKernels.ActivateMasked);

    /// <summary><see cref="Conv1DKernels.OutputGradient"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind> Conv1DOutputGradient =>
        conv1DOutputGradient ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>(Conv1DKernels.OutputGradient);

    /// <summary><see cref="Conv1DKernels.Col2Im"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape> Conv1DCol2Im =>
        conv1DCol2Im ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>(Conv1DKernels.Col2Im);
}
