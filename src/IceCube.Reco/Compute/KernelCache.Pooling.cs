using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The pooling kernels.</summary>
internal sealed partial class KernelCache
{
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>? averagePoolForward;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>? averagePoolBackward;

    /// <summary><see cref="PoolingKernels.AverageForward"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> AveragePoolForward =>
        averagePoolForward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(PoolingKernels.AverageForward);

    /// <summary><see cref="PoolingKernels.AverageBackward"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> AveragePoolBackward =>
        averagePoolBackward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(PoolingKernels.AverageBackward);
}
