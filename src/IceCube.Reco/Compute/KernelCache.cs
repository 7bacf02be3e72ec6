using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// The compiled kernels of one accelerator, each loaded (compiled) on first use and kept for the device's life:
/// ILGPU compiles a kernel in milliseconds to tens of milliseconds, far too slow to repeat per launch.
/// </summary>
internal sealed partial class KernelCache(Accelerator accelerator)
{
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? gemmChunked;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? gemmTiled;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>? gemmTiledSlice;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>? gemmSplitSum;
    private Action<Index1D, Chunking, ArrayView<float>, float>? fill;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>>? copy;
    private Action<Index1D, Chunking, ArrayView<float>, float>? scale;
    private Action<Index1D, Chunking, float, ArrayView<float>, ArrayView<float>>? axpy;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int>? addBias;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ActivationKind>? activate;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ActivationKind>? activationBackward;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, float>? clipByNorm;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, int>? columnSumPartials;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, float>? columnSumFinal;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>? sumOfSquaresPartials;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>? sumPartials;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>? adam;

    /// <summary><see cref="GemmKernels.Chunked"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape> GemmChunked =>
        gemmChunked ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Chunked);

    /// <summary><see cref="GemmKernels.Tiled"/> (explicitly grouped).</summary>
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape> GemmTiled =>
        gemmTiled ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Tiled);

    /// <summary><see cref="GemmKernels.TiledSlice"/> (explicitly grouped, grid z = slice of K).</summary>
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int> GemmTiledSlice =>
        gemmTiledSlice ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>(GemmKernels.TiledSlice);

    /// <summary><see cref="GemmKernels.SplitSum"/>.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int> GemmSplitSum =>
        gemmSplitSum ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>(GemmKernels.SplitSum);

    /// <summary><see cref="ElementwiseKernels.Fill"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, float> Fill =>
        fill ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, float>(ElementwiseKernels.Fill);

    /// <summary><see cref="ElementwiseKernels.Copy"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>> Copy =>
        copy ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Copy);

    /// <summary><see cref="ElementwiseKernels.Scale"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, float> Scale =>
        scale ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, float>(ElementwiseKernels.Scale);

    /// <summary><see cref="ElementwiseKernels.Axpy"/>.</summary>
    public Action<Index1D, Chunking, float, ArrayView<float>, ArrayView<float>> Axpy =>
        axpy ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, float, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Axpy);

    /// <summary><see cref="ElementwiseKernels.AddBias"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int> AddBias =>
        addBias ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int>(ElementwiseKernels.AddBias);

    /// <summary><see cref="ElementwiseKernels.Activate"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ActivationKind> Activate =>
        activate ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ActivationKind>(ElementwiseKernels.Activate);

    /// <summary><see cref="ElementwiseKernels.ActivationBackward"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ActivationKind> ActivationBackward =>
        activationBackward ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ActivationKind>(ElementwiseKernels.ActivationBackward);

    /// <summary><see cref="ElementwiseKernels.ClipByNorm"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, float> ClipByNorm =>
        clipByNorm ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, float>(ElementwiseKernels.ClipByNorm);

    /// <summary><see cref="ReductionKernels.ColumnSumPartials"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, int> ColumnSumPartials =>
        columnSumPartials ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, int>(ReductionKernels.ColumnSumPartials);

    /// <summary><see cref="ReductionKernels.ColumnSumFinal"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, float> ColumnSumFinal =>
        columnSumFinal ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, float>(ReductionKernels.ColumnSumFinal);

    /// <summary><see cref="ReductionKernels.SumOfSquaresPartials"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int> SumOfSquaresPartials =>
        sumOfSquaresPartials ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>(ReductionKernels.SumOfSquaresPartials);

    /// <summary><see cref="ReductionKernels.SumPartials"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int> SumPartials =>
        sumPartials ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>(ReductionKernels.SumPartials);

    /// <summary><see cref="AdamKernels.Update"/>.</summary>
    public Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings> Adam =>
        adam ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>(AdamKernels.Update);
}
