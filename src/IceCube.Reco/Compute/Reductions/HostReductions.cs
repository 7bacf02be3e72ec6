using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// Deterministic host reductions with the chunking of <see cref="ReductionKernels"/>: the same fixed chunks, each
/// summed in index order, the partials added in chunk order, so results equal that kernel's bit for bit and never
/// depend on the thread count or the vector width (column sums are vectorised across columns, which leaves every
/// column's order of additions unchanged).
/// </summary>
internal static unsafe class HostReductions
{
    /// <summary>Floats of scratch <see cref="ColumnSums"/> needs for <paramref name="rows"/> x <paramref name="columns"/>.</summary>
    public static int ColumnSumScratch(int rows, int columns) => Math.Max(1, Math.Min(ReductionKernels.ColumnChunks, rows) * columns);

    /// <summary>
    /// sums[c] = beta * sums[c] + sum over r of x[r, c] for a contiguous row-major x (beta = 0 never reads sums);
    /// <paramref name="partials"/> holds <see cref="ColumnSumScratch"/> floats.
    /// </summary>
    public static void ColumnSums(float* x, int rows, int columns, float* sums, float beta, float* partials)
    {
        if (columns <= 0)
        {
            return;
        }

        int chunks = Math.Min(ReductionKernels.ColumnChunks, rows);
        if (chunks > 0)
        {
            int rowsPerChunk = (rows + chunks - 1) / chunks;
            var body = new ColumnBody(x, rows, columns, partials, rowsPerChunk);
            HostParallel.For(chunks, body);
        }

        for (int c = 0; c < columns; c++)
        {
            float sum = 0f;
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                sum += partials[((long)chunk * columns) + c];
            }

            sums[c] = beta != 0f ? (beta * sums[c]) + sum : sum;
        }
    }

    /// <summary>Floats of scratch <see cref="GlobalL2Norm"/> needs for <paramref name="tensors"/> tensors.</summary>
    public static int NormScratch(int tensors) => Math.Max(1, tensors * ReductionKernels.SquareChunks);

    /// <summary>
    /// sqrt of the sum of squares of <paramref name="count"/> arrays (addresses and lengths given), each cut into
    /// <see cref="ReductionKernels.SquareChunks"/> chunks; <paramref name="partials"/> holds
    /// <see cref="NormScratch"/> floats.
    /// </summary>
    public static float GlobalL2Norm(nint* addresses, int* lengths, int count, float* partials)
    {
        int items = count * ReductionKernels.SquareChunks;
        if (items > 0)
        {
            var body = new SquaresBody(addresses, lengths, partials);
            HostParallel.For(HostParallel.ChunkCount(items, ReductionKernels.SquareChunks), body);
        }

        float sum = 0f;
        for (int i = 0; i < items; i++)
        {
            sum += partials[i];
        }

        return MathF.Sqrt(sum);
    }

    private readonly struct ColumnBody(float* x, int rows, int columns, float* partials, int rowsPerChunk)
        : IParallelBody
    {
        public void Run(int chunk)
        {
            int first = chunk * rowsPerChunk;
            var sums = new ColumnSumsBody(
                x + ((long)first * columns), Math.Min(rows, first + rowsPerChunk) - first, columns,
                partials + ((long)chunk * columns));
            SimdDispatch.Ladder(SimdCapability.Active, ref sums);
        }
    }

    // Columns c, c + Count, ... of `rows` rows of a [rows, columns] array, each summed in row order from 0; returns
    // the first column not done.
    private static int SumColumns<TVec>(int c, float* x, int rows, int columns, float* partial)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; c + TVec.Count <= columns; c += TVec.Count)
        {
            var sum = TVec.Zero;
            float* p = x + c;
            for (int r = 0; r < rows; r++, p += columns)
            {
                sum = TVec.Add(sum, TVec.Load(p));
            }

            TVec.Store(sum, partial + c);
        }

        return c;
    }

    private readonly struct ColumnSumsBody(float* x, int rows, int columns, float* partial) : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => SumColumns<TVec>(start, x, rows, columns, partial);
    }


    // One parallel chunk = one tensor's SquareChunks partials; each partial is a plain in-order scalar sum, as the
    // ILGPU kernel computes it.
    private readonly struct SquaresBody(nint* addresses, int* lengths, float* partials) : IParallelBody
    {
        public void Run(int chunk)
        {
            const int chunks = ReductionKernels.SquareChunks;
            float* x = (float*)addresses[chunk];
            int length = lengths[chunk];
            int chunkLength = Math.Max(1, (length + chunks - 1) / chunks);
            for (int part = 0; part < chunks; part++)
            {
                long first = (long)part * chunkLength;
                long last = Math.Min(first + chunkLength, length);
                float sum = 0f;
                for (long i = first; i < last; i++)
                {
                    float v = x[i];
                    sum += v * v;
                }

                partials[((long)chunk * chunks) + part] = sum;
            }
        }
    }
}
