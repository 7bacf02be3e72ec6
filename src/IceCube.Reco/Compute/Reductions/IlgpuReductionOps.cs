using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// The reduction launchers (<see cref="ReductionKernels"/>): fixed partial sums in the shared scratch, then a final
/// launch that adds them in order, so the result never depends on the launch shape.
/// </summary>
internal sealed class IlgpuReductionOps : ReductionOps
{
    private readonly IlgpuLauncher launcher;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, int>? columnSumPartials;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, float>? columnSumFinal;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>? sumOfSquaresPartials;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>? sumPartials;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, float>? clipByNorm;

    /// <summary>The reductions of <paramref name="launcher"/>'s device.</summary>
    public IlgpuReductionOps(IlgpuLauncher launcher)
        : base(launcher.Device)
    {
        this.launcher = launcher;
    }

    private Accelerator Accelerator => launcher.Accelerator;

    /// <inheritdoc />
    protected override void RunColumnSums(DeviceTensor x, int rows, DeviceTensor sums, float beta)
    {
        int columns = sums.Length;
        int chunks = Math.Min(ReductionKernels.ColumnChunks, rows);
        var partials = launcher.Scratch(chunks * columns);
        if (chunks > 0)
        {
            int rowsPerChunk = (rows + chunks - 1) / chunks;
            var work = launcher.Split(chunks * columns);
            columnSumPartials ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, int>(ReductionKernels.ColumnSumPartials);
            columnSumPartials(work.Workers, work, x.View, partials, rows, columns, rowsPerChunk);
        }

        var final = launcher.Split(columns);
        columnSumFinal ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int, float>(ReductionKernels.ColumnSumFinal);
        columnSumFinal(final.Workers, final, partials, sums.View, chunks, columns, beta);
    }

    /// <inheritdoc />
    protected override void RunGlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm)
    {
        const int chunks = ReductionKernels.SquareChunks;
        var partials = launcher.Scratch(tensors.Count * chunks);
        sumOfSquaresPartials ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>(ReductionKernels.SumOfSquaresPartials);
        for (int t = 0; t < tensors.Count; t++)
        {
            int length = tensors[t].Length;
            int chunkLength = Math.Max(1, (length + chunks - 1) / chunks);
            var work = launcher.Split(chunks);
            sumOfSquaresPartials(
                work.Workers, work, tensors[t].View, partials.SubView(t * chunks, chunks), length, chunkLength);
        }

        var one = new Chunking(1, 1, 1);
        sumPartials ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, int, int>(ReductionKernels.SumPartials);
        sumPartials(1, one, partials, norm.View, tensors.Count * chunks, 1);
    }

    /// <inheritdoc />
    protected override void RunClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm)
    {
        // The norm stays on the device: each launch reads it and scales only when it exceeds the limit.
        foreach (var tensor in tensors)
        {
            if (tensor.Length > 0)
            {
                var work = launcher.Split(tensor.Length);
                clipByNorm ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, float>(ElementwiseKernels.ClipByNorm);
                clipByNorm(work.Workers, work, tensor.View, norm.View, maxNorm);
            }
        }
    }
}
