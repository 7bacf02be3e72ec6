using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The LSTM recurrence kernels.</summary>
internal sealed partial class KernelCache
{
    private Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? lstmForward;
    private Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? lstmBackward;
    private Action<KernelConfig, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? lstmGroupForward;
    private Action<KernelConfig, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? lstmGroupBackward;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? lstmTransposeRecurrent;

    /// <summary><see cref="LstmKernels.Forward"/>.</summary>
    public Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> LstmForward =>
        lstmForward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmKernels.Forward);

    /// <summary><see cref="LstmKernels.Backward"/>.</summary>
    public Action<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> LstmBackward =>
        lstmBackward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmKernels.Backward);

    /// <summary><see cref="LstmGroupKernels.Forward"/> (explicitly grouped, dynamic shared memory).</summary>
    public Action<KernelConfig, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> LstmGroupForward =>
        lstmGroupForward ??= accelerator.LoadStreamKernel<LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmGroupKernels.Forward);

    /// <summary><see cref="LstmGroupKernels.Backward"/> (explicitly grouped, dynamic shared memory).</summary>
    public Action<KernelConfig, LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> LstmGroupBackward =>
        lstmGroupBackward ??= accelerator.LoadStreamKernel<LstmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LstmGroupKernels.Backward);

    /// <summary><see cref="LstmGroupKernels.TransposeRecurrent"/>.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> LstmTransposeRecurrent =>
        lstmTransposeRecurrent ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(LstmGroupKernels.TransposeRecurrent);
}
