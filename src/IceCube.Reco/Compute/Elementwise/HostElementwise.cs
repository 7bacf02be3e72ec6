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

        int done = SimdCapability.Active switch
        {
            SimdWidth.V512 => Apply<FloatX16>(op, x, y, z, count, alpha),
            SimdWidth.V256 => Apply<FloatX8>(op, x, y, z, count, alpha),
            SimdWidth.V128 => Apply<FloatX4>(op, x, y, z, count, alpha),
            _ => 0,
        };
        int rest = count - done;
        Apply<FloatX1>(op, x + done, y + done, z is null ? null : z + done, rest, alpha);
    }

    // Whole vectors only; returns how many floats it covered (the caller finishes the tail with FloatX1).
    private static int Apply<TVec>(HostElementwiseOp op, float* x, float* y, float* z, int count, float alpha)
        where TVec : struct, IFloatVector<TVec>
    {
        int n = TVec.Count;
        int end = count - (count % n);
        var a = TVec.Create(alpha);
        var one = TVec.Create(1f);
        switch (op)
        {
            case HostElementwiseOp.Fill:
                for (int i = 0; i < end; i += n)
                {
                    TVec.Store(a, y + i);
                }

                break;
            case HostElementwiseOp.Scale:
                for (int i = 0; i < end; i += n)
                {
                    TVec.Store(TVec.Multiply(a, TVec.Load(y + i)), y + i);
                }

                break;
            case HostElementwiseOp.Axpy:
                for (int i = 0; i < end; i += n)
                {
                    TVec.Store(TVec.Add(TVec.Load(y + i), TVec.Multiply(a, TVec.Load(x + i))), y + i);
                }

                break;
            case HostElementwiseOp.Relu:
                for (int i = 0; i < end; i += n)
                {
                    var v = TVec.Load(x + i);
                    TVec.Store(TVec.WhereGreaterThanZero(v, v), y + i);
                }

                break;
            case HostElementwiseOp.ReluBackward:
                for (int i = 0; i < end; i += n)
                {
                    var slope = TVec.WhereGreaterThanZero(TVec.Load(y + i), one);
                    TVec.Store(TVec.Multiply(TVec.Load(x + i), slope), z + i);
                }

                break;
            case HostElementwiseOp.TanhBackward:
                for (int i = 0; i < end; i += n)
                {
                    var v = TVec.Load(y + i);
                    TVec.Store(TVec.Multiply(TVec.Load(x + i), TVec.Subtract(one, TVec.Multiply(v, v))), z + i);
                }

                break;
            case HostElementwiseOp.SigmoidBackward:
                for (int i = 0; i < end; i += n)
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

    private static void AddBiasRow<TVec>(float* row, float* bias, int columns, int start)
        where TVec : struct, IFloatVector<TVec>
    {
        int n = TVec.Count;
        for (int c = start; c + n <= columns; c += n)
        {
            TVec.Store(TVec.Add(TVec.Load(row + c), TVec.Load(bias + c)), row + c);
        }
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
            int lanes = SimdCapability.Lanes(SimdCapability.Active);
            int vectorColumns = columns - (columns % lanes);
            for (int r = first; r < last; r++)
            {
                float* row = x + ((long)r * columns);
                switch (SimdCapability.Active)
                {
                    case SimdWidth.V512:
                        AddBiasRow<FloatX16>(row, bias, vectorColumns, 0);
                        break;
                    case SimdWidth.V256:
                        AddBiasRow<FloatX8>(row, bias, vectorColumns, 0);
                        break;
                    case SimdWidth.V128:
                        AddBiasRow<FloatX4>(row, bias, vectorColumns, 0);
                        break;
                    default:
                        AddBiasRow<FloatX1>(row, bias, vectorColumns, 0);
                        break;
                }

                AddBiasRow<FloatX1>(row, bias, columns, vectorColumns);
            }
        }
    }
}
