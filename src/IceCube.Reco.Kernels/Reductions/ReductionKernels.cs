using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// Deterministic reductions: column sums (bias gradients) and sums of squares (the global L2 norm of gradient
/// clipping). No atomics: each pass splits the input into a FIXED number of contiguous chunks that does not depend on
/// the device or the number of threads, sums every chunk sequentially into its own slot, and a second pass adds the
/// slots in index order. The result is the same bit for bit from run to run, whatever the number of threads launched.
/// </summary>
internal static class ReductionKernels
{
    /// <summary>Number of row chunks of a column sum (fewer when there are fewer rows).</summary>
    public const int ColumnChunks = 32;

    /// <summary>Number of partial sums of squares per tensor.</summary>
    public const int SquareChunks = 64;

    /// <summary>
    /// Item t = (chunk, column) with t = chunk * columns + column: partials[t] = sum of x[r, column] over the rows
    /// r of that chunk, in row order. x is row-major [rows, columns].
    /// </summary>
    public static void ColumnSumPartials(
        Index1D worker, Chunking work, ArrayView<float> x, ArrayView<float> partials,
        int rows, int columns, int rowsPerChunk)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long t = work.Start(block); t < end; t++)
            {
                long chunk = t / columns;
                long column = t % columns;
                long first = chunk * rowsPerChunk;
                long last = first + rowsPerChunk < rows ? first + rowsPerChunk : rows;
                float sum = 0f;
                for (long r = first; r < last; r++)
                {
                    sum += x[r * columns + column];
                }

                partials[t] = sum;
            }
        }
    }

    /// <summary>
    /// Item = column: sums[column] = beta * sums[column] + the partials of that column added in chunk order
    /// (beta = 1 accumulates gradients over several contributions; beta = 0 never reads sums).
    /// </summary>
    public static void ColumnSumFinal(
        Index1D worker, Chunking work, ArrayView<float> partials, ArrayView<float> sums,
        int chunks, int columns, float beta)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long column = work.Start(block); column < end; column++)
            {
                float sum = 0f;
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    sum += partials[(long)chunk * columns + column];
                }

                sums[column] = beta != 0f ? beta * sums[column] + sum : sum;
            }
        }
    }

    /// <summary>
    /// Item = chunk of x (always <see cref="SquareChunks"/> items, trailing ones possibly empty):
    /// partials[chunk] = sum of x[i]^2 over that chunk, in index order.
    /// </summary>
    public static void SumOfSquaresPartials(
        Index1D worker, Chunking work, ArrayView<float> x, ArrayView<float> partials, int length, int chunkLength)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long chunk = work.Start(block); chunk < end; chunk++)
            {
                long first = chunk * chunkLength;
                long last = first + chunkLength < length ? first + chunkLength : length;
                float sum = 0f;
                for (long i = first; i < last; i++)
                {
                    float v = x[i];
                    sum += v * v;
                }

                partials[chunk] = sum;
            }
        }
    }

    /// <summary>
    /// One item: result[0] = the first <paramref name="count"/> partials added in order, or the square root of that
    /// sum when <paramref name="squareRoot"/> is 1 (the L2 norm).
    /// </summary>
    public static void SumPartials(
        Index1D worker, Chunking work, ArrayView<float> partials, ArrayView<float> result, int count, int squareRoot)
    {
        if (worker != 0)
        {
            return;
        }

        float sum = 0f;
        for (int i = 0; i < count; i++)
        {
            sum += partials[i];
        }

        result[0] = squareRoot != 0 ? ILGPU.Algorithms.XMath.Sqrt(sum) : sum;
    }
}
