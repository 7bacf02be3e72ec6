using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The dropout kernel.</summary>
internal sealed partial class KernelCache
{
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ulong, float, float>? dropout;

    /// <summary><see cref="DropoutKernels.Apply"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ulong, float, float> Dropout =>
        dropout ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ulong, float, float>(DropoutKernels.Apply);
}
