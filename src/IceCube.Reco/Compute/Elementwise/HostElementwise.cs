using System.Numerics.Tensors;

namespace IceCube.Reco.Compute;

/// <summary>
/// Pointwise host kernels over contiguous floats, each lane computed with the same operations in the same order as
/// <see cref="IceCube.Reco.Kernels.ElementwiseKernels"/> (no fused multiply-add), so results match that kernel bit
/// for bit except tanh and sigmoid, which use <see cref="TensorPrimitives"/>' vectorised exponentials (within a few
/// ulp). Work is cut into fixed chunks of <see cref="ChunkLength"/> floats spread over <see cref="HostParallel"/>.
/// </summary>
internal static unsafe class HostElementwise
{
    /// <summary>Floats per parallel chunk: 64 KiB, enough work to outweigh waking a thread.</summary>
    public const int ChunkLength = 16384;

    /// <summary>
    /// Applies <paramref name="op"/> to <paramref name="length"/> floats: <paramref name="x"/> is the input (dy for
    /// the backward ops), <paramref name="y"/> the output (the forward output for the backward ops), <paramref name="z"/>
    /// the output of the backward ops; unused pointers may be null.
    /// </summary>
    public static void Run(HostElementwiseOp op, int length, float* x, float* y, float* z, float alpha)
    {
        if (length <= 0)
        {
            return;
        }

        var body = new Body(op, length, x, y, z, alpha);
        HostParallel.For(HostParallel.ChunkCount(length, ChunkLength), body);
    }

    /// <summary>x[r, c] += bias[c] for a contiguous row-major x of <paramref name="rows"/> x <paramref name="columns"/>.</summary>
    public static void AddBias(float* x, int rows, int columns, float* bias)
    {
        if (rows <= 0 || columns <= 0)
        {
            return;
        }

        int rowsPerChunk = Math.Max(1, ChunkLength / columns);
        var body = new BiasBody(x, rows, columns, bias, rowsPerChunk);
        HostParallel.For(HostParallel.ChunkCount(rows, rowsPerChunk), body);
    }

    private static void Apply(HostElementwiseOp op, float* x, float* y, float* z, int count, float alpha)
    {
        switch (op)
        {
            case HostElementwiseOp.Copy:
                Buffer.MemoryCopy(x, y, count * sizeof(float), count * sizeof(float));
                return;
            case HostElementwiseOp.Tanh:
                TensorPrimitives.Tanh(new ReadOnlySpan<float>(x, count), new Span<float>(y, count));
                return;
            case HostElementwiseOp.Sigmoid:
                TensorPrimitives.Sigmoid(new ReadOnlySpan<float>(x, count), new Span<float>(y, count));
                return;
        }

        var body = new PointwiseBody(op, x, y, z, count, alpha);
        SimdDispatch.Ladder(SimdCapability.Active, ref body);
    }

    // Whole vectors from start while they fit; returns the first element not done.
    private static int Apply<TVec>(
        HostElementwiseOp op, float* x, float* y, float* z, int start, int count, float alpha)
        where TVec : struct, IFloatVector<TVec>
    {
        int n = TVec.Count;
        int end = start + ((count - start) / n * n);
        var a = TVec.Create(alpha);
        var one = TVec.Create(1f);
        switch (op)
        {
            case HostElementwiseOp.Fill:
                for (int i = start; i < end; i += n)
                {
                    TVec.Store(a, y + i);
                }

                break;
            case HostElementwiseOp.Scale:
                for (int i = start; i < end; i += n)
                {
                    TVec.Store(TVec.Multiply(a, TVec.Load(y + i)), y + i);
                }

                break;
            case HostElementwiseOp.Axpy:
                for (int i = start; i < end; i += n)
                {
                    TVec.Store(TVec.Add(TVec.Load(y + i), TVec.Multiply(a, TVec.Load(x + i))), y + i);
                }

                break;
            case HostElementwiseOp.Relu:
                for (int i = start; i < end; i += n)
                {
                    var v = TVec.Load(x + i);
                    TVec.Store(TVec.WhereGreaterThanZero(v, v), y + i);
                }

                break;
            case HostElementwiseOp.ReluBackward:
                for (int i = start; i < end; i += n)
                {
                    var slope = TVec.WhereGreaterThanZero(TVec.Load(y + i), one);
                    TVec.Store(TVec.Multiply(TVec.Load(x + i), slope), z + i);
                }

                break;
            case HostElementwiseOp.TanhBackward:
                for (int i = start; i < end; i += n)
                {
                    var v = TVec.Load(y + i);
                    TVec.Store(TVec.Multiply(TVec.Load(x + i), TVec.Subtract(one, TVec.Multiply(v, v))), z + i);
                }

                break;
            case HostElementwiseOp.SigmoidBackward:
                for (int i = start; i < end; i += n)
                {
                    var v = TVec.Load(y + i);
                    TVec.Store(TVec.Multiply(TVec.Load(x + i), TVec.Multiply(v, TVec.Subtract(one, v))), z + i);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "Not a vectorised pointwise op.");
        }

        return end;
    }

    private readonly struct Body(HostElementwiseOp op, int length, float* x, float* y, float* z, float alpha)
        : IParallelBody
    {
        public void Run(int chunk)
        {
            int start = chunk * ChunkLength;
            int count = Math.Min(ChunkLength, length - start);
            Apply(op, x is null ? null : x + start, y is null ? null : y + start, z is null ? null : z + start, count, alpha);
        }
    }

    private readonly struct BiasBody(float* x, int rows, int columns, float* bias, int rowsPerChunk) : IParallelBody
    {
        public void Run(int chunk)
        {
            int first = chunk * rowsPerChunk;
            int last = Math.Min(rows, first + rowsPerChunk);
            var width = SimdCapability.Active;
            for (int r = first; r < last; r++)
            {
                HostVector.Add(x + ((long)r * columns), bias, columns, width);
            }
        }
    }


    private readonly struct PointwiseBody(HostElementwiseOp op, float* x, float* y, float* z, int count, float alpha)
        : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => Apply<TVec>(op, x, y, z, start, count, alpha);
    }
}
