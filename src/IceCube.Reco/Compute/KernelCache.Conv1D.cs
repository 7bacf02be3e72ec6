using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The Conv1D kernels.</summary>
internal sealed partial class KernelCache
{
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>? conv1DForward;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>? conv1DOutputGradient;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>? conv1DInputGradient;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, int>? conv1DParameterGradients;

    /// <summary><see cref="Conv1DKernels.Forward"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind> Conv1DForward =>
        conv1DForward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>(Conv1DKernels.Forward);

    /// <summary><see cref="Conv1DKernels.OutputGradient"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind> Conv1DOutputGradient =>
        conv1DOutputGradient ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, ActivationKind>(Conv1DKernels.OutputGradient);

    /// <summary><see cref="Conv1DKernels.InputGradient"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape> Conv1DInputGradient =>
        conv1DInputGradient ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape>(Conv1DKernels.InputGradient);

    /// <summary><see cref="Conv1DKernels.ParameterGradients"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, int> Conv1DParameterGradients =>
        conv1DParameterGradients ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, Conv1DShape, int>(Conv1DKernels.ParameterGradients);
}
