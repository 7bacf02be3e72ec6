using System.Runtime.CompilerServices;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// C = alpha * op(A) * op(B) (+ bias) (+ beta * C) on the host, in the layout of <see cref="GemmShape"/> (any strides,
/// so NN, NT, TN and strided first dimensions), GotoBLAS-style: op(B) is packed once into slivers of
/// <c>2 x lanes</c> columns (or read in place when it is row-major and its columns fill whole slivers), each fixed
/// chunk of <see cref="ChunkRows"/> rows (and, when rows are few, of columns) packs its op(A) block into slivers of
/// <see cref="MicroRows"/> rows, and a register-blocked micro-kernel keeps a 6 x (2 x lanes) block of C in 12 vector
/// accumulators (6 x 32 floats with AVX-512) while it walks the depth. Every element of C is one chain of multiply-adds
/// over k = 0 .. K - 1 in order, then the epilogue of <see cref="GemmKernels"/> (alpha * sum, + bias, + beta * C):
/// the result is the same bit for bit for every vector width, thread count and blocking. It differs from the ILGPU
/// kernels only by the fused multiply-adds (within their tolerances).
/// </summary>
internal static unsafe class HostGemm
{
    /// <summary>Rows of C per micro-kernel call.</summary>
    public const int MicroRows = 6;

    /// <summary>Rows of C per parallel chunk: a multiple of <see cref="MicroRows"/>.</summary>
    public const int ChunkRows = 48;

    // Depth per packed block: a 6 x 256 A sliver (6 KiB) and a 256 x 32 B sliver (32 KiB) sit in the 48 KiB L1.
    private const int DepthBlock = 256;

    // Chunks a product is cut into at least, when it has the columns for it (load balance on a few threads).
    private const int MinimumChunks = 8;

    // Packing op(B) of fewer floats than this stays on the calling thread.
    private const long SerialPack = 1L << 16;

    // Below this many multiply-adds one thread does it all: waking a helper costs more than it saves.
    private const long SerialWork = 1L << 18;

    [ThreadStatic]
    private static float[]? packedB;

    [ThreadStatic]
    private static float[]? packedA;

    [ThreadStatic]
    private static float[]? partialSums;

    /// <summary>
    /// Computes the product described by <paramref name="shape"/>; <paramref name="bias"/> may be null without
    /// HasBias.
    /// </summary>
    public static void Multiply(in GemmShape shape, float* a, float* b, float* c, float* bias)
    {
        if (shape.M <= 0 || shape.N <= 0)
        {
            return;
        }

        var product = new Product(shape, a, b, c, bias);
        SimdDispatch.Run(SimdCapability.Active, ref product);
    }

    /// <summary>Multiply-adds a GEMM of these sizes performs (for throughput figures).</summary>
    public static long MultiplyAdds(int m, int n, int k) => (long)m * n * k;

    private static void Multiply<TVec>(in GemmShape s, float* a, float* b, float* c, float* bias)
        where TVec : struct, IFloatVector<TVec>
    {
        int sliverColumns = 2 * TVec.Count;
        int paddedColumns = RoundUp(s.N, sliverColumns);
        if (s.K == 0)
        {
            EpilogueOnly(s, c, bias);
            return;
        }

        bool serial = MultiplyAdds(s.M, s.N, s.K) <= SerialWork;

        // A row-major op(B) (NN, TN) whose columns fill whole slivers is read in place: each depth step of a sliver
        // is already two contiguous vectors, so packing would only copy it.
        if (s.BColStride == 1 && s.N % sliverColumns == 0)
        {
            Run<TVec>(s, a, b, sliverColumns, s.BRowStride, c, bias, paddedColumns, serial);
            return;
        }

        float* packed = Pin(ref packedB, (long)paddedColumns * s.K);
        int packChunks = paddedColumns / sliverColumns;
        if (serial || (long)s.K * paddedColumns < SerialPack)
        {
            for (int sliver = 0; sliver < packChunks; sliver++)
            {
                PackB(s, b, packed, sliverColumns, sliver);
            }
        }
        else
        {
            HostParallel.For(packChunks, new PackBody(s, b, packed, sliverColumns));
        }

        Run<TVec>(s, a, packed, (long)s.K * sliverColumns, sliverColumns, c, bias, paddedColumns, serial);
    }

    // The blocked product over op(B) slivers at panel + sliver * sliverStep + depth * depthStride.
    private static void Run<TVec>(
        in GemmShape s, float* a, float* panel, long sliverStep, int depthStride, float* c, float* bias,
        int paddedColumns, bool serial)
        where TVec : struct, IFloatVector<TVec>
    {
        int sliverColumns = 2 * TVec.Count;

        int chunkRows = serial ? RoundUp(s.M, MicroRows) : ChunkRows;
        int rowChunks = HostParallel.ChunkCount(s.M, chunkRows);

        // Few row chunks (a weight gradient: C rows, a long depth) also split the columns, so that there is work for
        // every thread; at least MinimumChunks chunks when the columns allow it.
        int slivers = paddedColumns / sliverColumns;
        int sliversPerBlock = serial || rowChunks >= MinimumChunks
            ? slivers
            : Math.Max(1, slivers * rowChunks / MinimumChunks);
        int columnBlocks = HostParallel.ChunkCount(slivers, sliversPerBlock);
        var body = new Body<TVec>(
            s, a, panel, sliverStep, depthStride, c, bias, paddedColumns, chunkRows, sliversPerBlock, columnBlocks);
        HostParallel.For(rowChunks * columnBlocks, body);
    }

    // K = 0: every sum is 0, so C = alpha * 0 (+ bias) (+ beta * C), exactly as the kernel computes it.
    private static void EpilogueOnly(in GemmShape s, float* c, float* bias)
    {
        for (int i = 0; i < s.M; i++)
        {
            float* row = c + ((long)i * s.CRowStride);
            for (int j = 0; j < s.N; j++)
            {
                row[j] = FinishScalar(0f, row + j, bias is null ? null : bias + j, s.Alpha, s.Beta, s.HasBias != 0);
            }
        }
    }

    // Sliver t holds columns t * w .. t * w + w - 1 of op(B) for every k: packed[(t * K + k) * w + j], 0 past N.
    // Reads run along op(B)'s contiguous direction: rows of a row-major B (NN, TN), columns of a transposed one (NT).
    private static void PackB(in GemmShape s, float* b, float* packed, int width, int sliver)
    {
        int k = s.K;
        float* target = packed + ((long)sliver * k * width);
        if (s.BColStride == 1)
        {
            int first = sliver * width;
            int valid = Math.Min(width, s.N - first);
            for (int p = 0; p < k; p++)
            {
                float* row = target + ((long)p * width);
                new ReadOnlySpan<float>(b + ((long)p * s.BRowStride) + first, valid).CopyTo(new Span<float>(row, valid));
                new Span<float>(row + valid, width - valid).Clear();
            }

            return;
        }

        for (int j = 0; j < width; j++)
        {
            int column = (sliver * width) + j;
            float* column0 = target + j;
            if (column >= s.N)
            {
                for (int p = 0; p < k; p++)
                {
                    column0[(long)p * width] = 0f;
                }

                continue;
            }

            float* source = b + ((long)column * s.BColStride);
            for (int p = 0; p < k; p++)
            {
                column0[(long)p * width] = source[(long)p * s.BRowStride];
            }
        }
    }

    // Rows first .. first + rows - 1, depths depth .. depth + depthCount - 1 of op(A), in slivers of MicroRows rows:
    // packed[(sliver * depthCount + p) * MicroRows + r], 0 past M.
    private static void PackA(in GemmShape s, float* a, int first, int rows, int depth, int depthCount, float* packed)
    {
        int slivers = RoundUp(rows, MicroRows) / MicroRows;
        for (int sliver = 0; sliver < slivers; sliver++)
        {
            float* target = packed + ((long)sliver * depthCount * MicroRows);
            int firstRow = first + (sliver * MicroRows);
            int valid = Math.Min(MicroRows, first + rows - firstRow);
            if (s.ARowStride == 1)
            {
                // Transposed A (TN): the sliver's rows are contiguous at each depth.
                for (int p = 0; p < depthCount; p++)
                {
                    float* source = a + firstRow + ((long)(depth + p) * s.AColStride);
                    for (int r = 0; r < MicroRows; r++)
                    {
                        target[(p * MicroRows) + r] = r < valid ? source[r] : 0f;
                    }
                }

                continue;
            }

            for (int r = 0; r < MicroRows; r++)
            {
                int row = first + (sliver * MicroRows) + r;
                if (row >= first + rows)
                {
                    for (int p = 0; p < depthCount; p++)
                    {
                        target[(p * MicroRows) + r] = 0f;
                    }

                    continue;
                }

                float* source = a + ((long)row * s.ARowStride) + ((long)depth * s.AColStride);
                for (int p = 0; p < depthCount; p++)
                {
                    target[(p * MicroRows) + r] = source[(long)p * s.AColStride];
                }
            }
        }
    }

    /// <summary>
    /// The register-blocked core: a 6 x (2 x lanes) block of sums over <paramref name="depth"/> steps of packed A
    /// (6 floats per step) and a B sliver (2 vectors per step, <paramref name="bStride"/> floats apart), starting from
    /// zero or from
    /// <paramref name="accumulated"/>; written raw to <paramref name="destination"/>, or, when
    /// <paramref name="final"/>, through the epilogue into C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Micro<TVec>(
        int depth, float* pa, float* pb, int bStride, float* accumulated, int accumulatedStride, bool final,
        float* destination, int destinationStride, float* bias, float alpha, float beta, bool hasBias)
        where TVec : struct, IFloatVector<TVec>
    {
        int n = TVec.Count;
        TVec c00, c01;
        TVec c10, c11;
        TVec c20, c21;
        TVec c30, c31;
        TVec c40, c41;
        TVec c50, c51;
        if (accumulated is not null)
        {
            c00 = TVec.Load(accumulated + (0 * accumulatedStride));
            c01 = TVec.Load(accumulated + (0 * accumulatedStride) + n);
            c10 = TVec.Load(accumulated + (1 * accumulatedStride));
            c11 = TVec.Load(accumulated + (1 * accumulatedStride) + n);
            c20 = TVec.Load(accumulated + (2 * accumulatedStride));
            c21 = TVec.Load(accumulated + (2 * accumulatedStride) + n);
            c30 = TVec.Load(accumulated + (3 * accumulatedStride));
            c31 = TVec.Load(accumulated + (3 * accumulatedStride) + n);
            c40 = TVec.Load(accumulated + (4 * accumulatedStride));
            c41 = TVec.Load(accumulated + (4 * accumulatedStride) + n);
            c50 = TVec.Load(accumulated + (5 * accumulatedStride));
            c51 = TVec.Load(accumulated + (5 * accumulatedStride) + n);
        }
        else
        {
            c00 = TVec.Zero;
            c01 = TVec.Zero;
            c10 = TVec.Zero;
            c11 = TVec.Zero;
            c20 = TVec.Zero;
            c21 = TVec.Zero;
            c30 = TVec.Zero;
            c31 = TVec.Zero;
            c40 = TVec.Zero;
            c41 = TVec.Zero;
            c50 = TVec.Zero;
            c51 = TVec.Zero;
        }

        for (int p = 0; p < depth; p++, pa += MicroRows, pb += bStride)
        {
            var b0 = TVec.Load(pb);
            var b1 = TVec.Load(pb + n);
            TVec a;
            a = TVec.Create(pa[0]);
            TVec.AddProduct(ref c00, a, b0);
            TVec.AddProduct(ref c01, a, b1);
            a = TVec.Create(pa[1]);
            TVec.AddProduct(ref c10, a, b0);
            TVec.AddProduct(ref c11, a, b1);
            a = TVec.Create(pa[2]);
            TVec.AddProduct(ref c20, a, b0);
            TVec.AddProduct(ref c21, a, b1);
            a = TVec.Create(pa[3]);
            TVec.AddProduct(ref c30, a, b0);
            TVec.AddProduct(ref c31, a, b1);
            a = TVec.Create(pa[4]);
            TVec.AddProduct(ref c40, a, b0);
            TVec.AddProduct(ref c41, a, b1);
            a = TVec.Create(pa[5]);
            TVec.AddProduct(ref c50, a, b0);
            TVec.AddProduct(ref c51, a, b1);
        }

        if (final)
        {
            Finish(c00, destination + (0 * destinationStride), bias, alpha, beta, hasBias);
            Finish(c01, destination + (0 * destinationStride) + n, bias + n, alpha, beta, hasBias);
            Finish(c10, destination + (1 * destinationStride), bias, alpha, beta, hasBias);
            Finish(c11, destination + (1 * destinationStride) + n, bias + n, alpha, beta, hasBias);
            Finish(c20, destination + (2 * destinationStride), bias, alpha, beta, hasBias);
            Finish(c21, destination + (2 * destinationStride) + n, bias + n, alpha, beta, hasBias);
            Finish(c30, destination + (3 * destinationStride), bias, alpha, beta, hasBias);
            Finish(c31, destination + (3 * destinationStride) + n, bias + n, alpha, beta, hasBias);
            Finish(c40, destination + (4 * destinationStride), bias, alpha, beta, hasBias);
            Finish(c41, destination + (4 * destinationStride) + n, bias + n, alpha, beta, hasBias);
            Finish(c50, destination + (5 * destinationStride), bias, alpha, beta, hasBias);
            Finish(c51, destination + (5 * destinationStride) + n, bias + n, alpha, beta, hasBias);
        }
        else
        {
            TVec.Store(c00, destination + (0 * destinationStride));
            TVec.Store(c01, destination + (0 * destinationStride) + n);
            TVec.Store(c10, destination + (1 * destinationStride));
            TVec.Store(c11, destination + (1 * destinationStride) + n);
            TVec.Store(c20, destination + (2 * destinationStride));
            TVec.Store(c21, destination + (2 * destinationStride) + n);
            TVec.Store(c30, destination + (3 * destinationStride));
            TVec.Store(c31, destination + (3 * destinationStride) + n);
            TVec.Store(c40, destination + (4 * destinationStride));
            TVec.Store(c41, destination + (4 * destinationStride) + n);
            TVec.Store(c50, destination + (5 * destinationStride));
            TVec.Store(c51, destination + (5 * destinationStride) + n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TVec>(TVec sum, float* c, float* bias, float alpha, float beta, bool hasBias)
        where TVec : struct, IFloatVector<TVec>
    {
        var value = TVec.Multiply(TVec.Create(alpha), sum);
        if (hasBias)
        {
            value = TVec.Add(value, TVec.Load(bias));
        }

        if (beta != 0f)
        {
            value = TVec.Add(value, TVec.Multiply(TVec.Create(beta), TVec.Load(c)));
        }

        TVec.Store(value, c);
    }

    private static float FinishScalar(float sum, float* c, float* bias, float alpha, float beta, bool hasBias)
    {
        float value = alpha * sum;
        if (hasBias)
        {
            value += *bias;
        }

        if (beta != 0f)
        {
            value += beta * *c;
        }

        return value;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    // Per-thread scratch, pinned so its address is stable; grown only when too small.
    private static float* Pin(ref float[]? array, long length)
    {
        if (array is null || array.Length < length)
        {
            array = GC.AllocateUninitializedArray<float>((int)Math.Max(length, 4096), pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array));
    }

    // The whole product at one width: the sliver width is two vectors.
    private readonly struct Product(GemmShape s, float* a, float* b, float* c, float* bias) : IVectorBody
    {
        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec> => Multiply<TVec>(s, a, b, c, bias);
    }

    // One chunk of the packing of op(B): one sliver.
    private readonly struct PackBody(GemmShape s, float* b, float* packed, int width) : IParallelBody
    {
        public void Run(int chunk) => PackB(s, b, packed, width, chunk);
    }

    // One chunk: a block of chunkRows rows and sliversPerBlock column slivers of C, the whole depth in blocks of
    // DepthBlock.
    private readonly struct Body<TVec>(
        GemmShape s, float* a, float* panel, long sliverStep, int depthStride, float* c, float* bias,
        int paddedColumns, int chunkRows, int sliversPerBlock, int columnBlocks) : IParallelBody
        where TVec : struct, IFloatVector<TVec>
    {
        public void Run(int chunk)
        {
            int width = 2 * TVec.Count;
            int first = chunk / columnBlocks * chunkRows;
            int firstSliver = chunk % columnBlocks * sliversPerBlock;
            int lastSliver = Math.Min(paddedColumns / width, firstSliver + sliversPerBlock);
            int rows = Math.Min(chunkRows, s.M - first);
            int paddedRows = RoundUp(rows, MicroRows);
            int depthBlock = Math.Min(DepthBlock, s.K);
            float* pa = Pin(ref packedA, (long)paddedRows * depthBlock);
            float* partial = s.K > DepthBlock ? Pin(ref partialSums, (long)paddedRows * paddedColumns) : null;
            float* edge = stackalloc float[MicroRows * 32];
            bool hasBias = s.HasBias != 0;
            for (int depth = 0; depth < s.K; depth += DepthBlock)
            {
                int depthCount = Math.Min(DepthBlock, s.K - depth);
                bool last = depth + depthCount == s.K;
                PackA(s, a, first, rows, depth, depthCount, pa);
                for (int sliver = firstSliver; sliver < lastSliver; sliver++)
                {
                    int column = sliver * width;
                    float* pb = panel + (sliver * sliverStep) + ((long)depth * depthStride);
                    for (int r = 0; r < paddedRows; r += MicroRows)
                    {
                        float* rowPanel = pa + ((long)r * depthCount);
                        float* sums = partial is null ? null : partial + ((long)r * paddedColumns) + column;
                        float* accumulated = depth == 0 ? null : sums;
                        if (!last)
                        {
                            // Not the last depth block: raw sums to the chunk's partial buffer.
                            Micro<TVec>(
                                depthCount, rowPanel, pb, depthStride, accumulated, paddedColumns,
                                false, sums, paddedColumns, null, 0f, 0f, false);
                            continue;
                        }

                        float* cBlock = c + ((long)(first + r) * s.CRowStride) + column;
                        float* biasBlock = hasBias ? bias + column : null;
                        if (r + MicroRows <= rows && column + width <= s.N)
                        {
                            // A whole tile inside C: the epilogue straight from the registers.
                            Micro<TVec>(
                                depthCount, rowPanel, pb, depthStride, accumulated, paddedColumns,
                                true, cBlock, s.CRowStride, biasBlock, s.Alpha, s.Beta, hasBias);
                            continue;
                        }

                        // A tile over C's edge: raw sums to the stack, then the epilogue on the valid elements only.
                        Micro<TVec>(
                            depthCount, rowPanel, pb, depthStride, accumulated, paddedColumns,
                            false, edge, width, null, 0f, 0f, false);
                        int validRows = Math.Min(MicroRows, rows - r);
                        int validColumns = Math.Min(width, s.N - column);
                        for (int i = 0; i < validRows; i++)
                        {
                            for (int j = 0; j < validColumns; j++)
                            {
                                float* target = cBlock + ((long)i * s.CRowStride) + j;
                                float* biasElement = biasBlock is null ? null : biasBlock + j;
                                *target = FinishScalar(
                                    edge[(i * width) + j], target, biasElement, s.Alpha, s.Beta, hasBias);
                            }
                        }
                    }
                }
            }
        }
    }
}
