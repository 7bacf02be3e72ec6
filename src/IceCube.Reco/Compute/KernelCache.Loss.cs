using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>The loss kernels.</summary>
internal sealed partial class KernelCache
{
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LossKind, int, int, int, int>? lossPerEvent;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int>? lossMean;

    /// <summary><see cref="LossKernels.PerEvent"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LossKind, int, int, int, int> LossPerEvent =>
        lossPerEvent ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LossKind, int, int, int, int>(LossKernels.PerEvent);

    /// <summary><see cref="LossKernels.Mean"/>.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>, int> LossMean =>
        lossMean ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(LossKernels.Mean);
}
