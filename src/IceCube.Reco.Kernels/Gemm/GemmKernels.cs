using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// General matrix product C = alpha * op(A) * op(B) + beta * C + bias (bias broadcast over rows), row-major floats.
/// Two variants of one op:
/// <list type="number">
/// <item><see cref="Chunked"/>: each work item computes a 4 x 4 block of C in registers with no barrier, so the
/// CPU accelerator (where group barriers are very slow) runs it as a few fat threads; it is correct on CUDA too.</item>
/// <item><see cref="Tiled"/>: the classic shared-memory tiling for CUDA, one thread per element of C, groups of
/// <see cref="TileSize"/> x <see cref="TileSize"/> threads staging tiles of A and B between two barriers; with
/// <see cref="TiledSlice"/> and <see cref="SplitSum"/> for a long K over few tiles of C.</item>
/// </list>
/// </summary>
internal static class GemmKernels
{
    /// <summary>Edge of the square register block of <see cref="Chunked"/>.</summary>
    public const int BlockSize = 4;

    /// <summary>Edge of the square shared-memory tile and of the thread group of <see cref="Tiled"/>.</summary>
    public const int TileSize = 16;

    /// <summary>Number of work items <see cref="Chunked"/> needs for an M x N result.</summary>
    public static int ChunkedItems(int m, int n) =>
        (int)((long)((m + BlockSize - 1) / BlockSize) * ((n + BlockSize - 1) / BlockSize));

    /// <summary>
    /// Barrier-free variant: item t computes rows 4r..4r+3 and columns 4c..4c+3 of C, with t = r * ceil(N / 4) + c.
    /// Rows and columns past the edge are clamped for the loads (so the inner loop has no branch) and skipped on the
    /// store. Each loaded A value is used 4 times and each B value 4 times, which is what lifts it above the naive
    /// one-dot-product-per-thread kernel.
    /// </summary>
    public static void Chunked(
        Index1D worker, Chunking work,
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmShape s)
    {
        int blocksN = (s.N + BlockSize - 1) / BlockSize;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long t = work.Start(block); t < end; t++)
            {
                int i0 = (int)(t / blocksN) * BlockSize;
                int j0 = (int)(t % blocksN) * BlockSize;
                long ar0 = (long)i0 * s.ARowStride;
                long ar1 = (long)Clamp(i0 + 1, s.M) * s.ARowStride;
                long ar2 = (long)Clamp(i0 + 2, s.M) * s.ARowStride;
                long ar3 = (long)Clamp(i0 + 3, s.M) * s.ARowStride;
                long bc0 = (long)j0 * s.BColStride;
                long bc1 = (long)Clamp(j0 + 1, s.N) * s.BColStride;
                long bc2 = (long)Clamp(j0 + 2, s.N) * s.BColStride;
                long bc3 = (long)Clamp(j0 + 3, s.N) * s.BColStride;

                float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
                float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
                float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
                long ak = 0;
                long bk = 0;
                for (int k = 0; k < s.K; k++)
                {
                    float a0 = a[ar0 + ak], a1 = a[ar1 + ak], a2 = a[ar2 + ak], a3 = a[ar3 + ak];
                    float b0 = b[bk + bc0], b1 = b[bk + bc1], b2 = b[bk + bc2], b3 = b[bk + bc3];
                    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                    ak += s.AColStride;
                    bk += s.BRowStride;
                }

                StoreRow(c, bias, s, i0, j0, c00, c01, c02, c03);
                StoreRow(c, bias, s, i0 + 1, j0, c10, c11, c12, c13);
                StoreRow(c, bias, s, i0 + 2, j0, c20, c21, c22, c23);
                StoreRow(c, bias, s, i0 + 3, j0, c30, c31, c32, c33);
            }
        }
    }

    /// <summary>
    /// Shared-memory variant for CUDA. Launch with groups of TileSize x TileSize threads and a grid of
    /// ceil(M / TileSize) x ceil(N / TileSize) groups (rows of C on the grid's X axis, which allows the most groups).
    /// Thread (x, y) of a group owns C(row0 + y, col0 + x), so neighbouring threads touch neighbouring columns.
    /// </summary>
    public static void Tiled(
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmShape s)
    {
        var tileA = SharedMemory.Allocate<float>(TileSize * TileSize);
        var tileB = SharedMemory.Allocate<float>(TileSize * TileSize);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int row = Grid.IdxX * TileSize + ty;
        int col = Grid.IdxY * TileSize + tx;
        float acc = 0;
        for (int k0 = 0; k0 < s.K; k0 += TileSize)
        {
            int ka = k0 + tx;
            tileA[ty * TileSize + tx] = row < s.M && ka < s.K
                ? a[(long)row * s.ARowStride + (long)ka * s.AColStride]
                : 0f;
            int kb = k0 + ty;
            tileB[ty * TileSize + tx] = kb < s.K && col < s.N
                ? b[(long)kb * s.BRowStride + (long)col * s.BColStride]
                : 0f;
            Group.Barrier();
            for (int kk = 0; kk < TileSize; kk++)
            {
                acc += tileA[ty * TileSize + kk] * tileB[kk * TileSize + tx];
            }

            Group.Barrier();
        }

        Store(c, bias, s, row, col, acc);
    }

    /// <summary>
    /// <see cref="Tiled"/> over one slice of the summed dimension: group (x, y, z) sums k in
    /// [z * kPerSlice, min(K, (z + 1) * kPerSlice)) for its tile of C into partials[z, M, N] (no alpha, beta or bias).
    /// For products whose C has few tiles but whose K is long (weight gradients X^T dZ sum over every step of every
    /// event), where the plain tiling would leave most of a GPU idle while a few groups walk all of K.
    /// <see cref="SplitSum"/> then adds the slices in a fixed order.
    /// </summary>
    public static void TiledSlice(
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> partials, GemmShape s, int kPerSlice)
    {
        var tileA = SharedMemory.Allocate<float>(TileSize * TileSize);
        var tileB = SharedMemory.Allocate<float>(TileSize * TileSize);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int row = Grid.IdxX * TileSize + ty;
        int col = Grid.IdxY * TileSize + tx;
        int kStart = Grid.IdxZ * kPerSlice;
        int kEnd = kStart + kPerSlice < s.K ? kStart + kPerSlice : s.K;
        float acc = 0;
        for (int k0 = kStart; k0 < kEnd; k0 += TileSize)
        {
            int ka = k0 + tx;
            tileA[ty * TileSize + tx] = row < s.M && ka < kEnd
                ? a[(long)row * s.ARowStride + (long)ka * s.AColStride]
                : 0f;
            int kb = k0 + ty;
            tileB[ty * TileSize + tx] = kb < kEnd && col < s.N
                ? b[(long)kb * s.BRowStride + (long)col * s.BColStride]
                : 0f;
            Group.Barrier();
            for (int kk = 0; kk < TileSize; kk++)
            {
                acc += tileA[ty * TileSize + kk] * tileB[kk * TileSize + tx];
            }

            Group.Barrier();
        }

        if (row < s.M && col < s.N)
        {
            partials[((long)Grid.IdxZ * s.M + row) * s.N + col] = acc;
        }
    }

    /// <summary>
    /// C(i, j) = alpha * (sum over z of partials[z, i, j], z ascending) + bias + beta * C, one thread per element
    /// of C (index = i * N + j): the second half of <see cref="TiledSlice"/>.
    /// </summary>
    public static void SplitSum(Index1D index, ArrayView<float> partials, ArrayView<float> c, ArrayView<float> bias, GemmShape s, int slices)
    {
        int i = index / s.N;
        int j = index - (i * s.N);
        long plane = (long)s.M * s.N;
        float sum = 0;
        for (int z = 0; z < slices; z++)
        {
            sum += partials[(z * plane) + index];
        }

        Store(c, bias, s, i, j, sum);
    }

    private static int Clamp(int index, int size) => index < size ? index : size - 1;

    private static void StoreRow(
        ArrayView<float> c, ArrayView<float> bias, GemmShape s, int i, int j0,
        float v0, float v1, float v2, float v3)
    {
        Store(c, bias, s, i, j0, v0);
        Store(c, bias, s, i, j0 + 1, v1);
        Store(c, bias, s, i, j0 + 2, v2);
        Store(c, bias, s, i, j0 + 3, v3);
    }

    // beta == 0 must not read C: pooled buffers start with whatever the last user left, possibly NaN.
    private static void Store(ArrayView<float> c, ArrayView<float> bias, GemmShape s, int i, int j, float sum)
    {
        if (i >= s.M || j >= s.N)
        {
            return;
        }

        long index = (long)i * s.CRowStride + j;
        float value = s.Alpha * sum;
        if (s.HasBias != 0)
        {
            value += bias[j];
        }

        if (s.Beta != 0f)
        {
            value += s.Beta * c[index];
        }

        c[index] = value;
    }
}
