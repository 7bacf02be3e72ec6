using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The LSTM recurrence kernels.</summary>
internal sealed partial class KernelCache
{
    private Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? lstmForward;
    private Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? lstmBackward;

    /// <summary><see cref="LstmKernels.Forward"/>.</summary>
    public Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> LstmForward =>
        lstmForward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmKernels.Forward);

    /// <summary><see cref="LstmKernels.Backward"/>.</summary>
    public Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> LstmBackward =>
        lstmBackward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmKernels.Backward);
}
