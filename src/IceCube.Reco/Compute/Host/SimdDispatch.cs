using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// The one place that turns a <see cref="SimdWidth"/> into a vector type: host kernels are generic bodies over
/// <see cref="IFloatVector{TSelf}"/>, and the JIT compiles each body once per vector type, with the vector operations
/// inlined. Element loops climb down a ladder of widths (<see cref="Ladder{TBody}"/>); kernels blocked by the width
/// run at one width (<see cref="Run{TBody}"/>, and <see cref="For{TBody}"/> for parallel chunks).
/// </summary>
internal static class SimdDispatch
{
    /// <summary>
    /// Runs <paramref name="body"/> from element <paramref name="start"/> with the widest vectors
    /// <paramref name="width"/> allows, then each narrower width, then <see cref="FloatX1"/>: a short row (8 channels,
    /// say) still runs at 8 lanes where 16 are available. Returns where the last (scalar) step stopped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Ladder<TBody>(SimdWidth width, ref TBody body, int start = 0)
        where TBody : struct, IVectorLoopBody
    {
        int i = start;
        if (width >= SimdWidth.V512)
        {
            i = body.Run<FloatX16>(i);
        }

        if (width >= SimdWidth.V256)
        {
            i = body.Run<FloatX8>(i);
        }

        if (width >= SimdWidth.V128)
        {
            i = body.Run<FloatX4>(i);
        }

        return body.Run<FloatX1>(i);
    }

    /// <summary>Runs <paramref name="body"/> with the vector type of <paramref name="width"/>.</summary>
    public static void Run<TBody>(SimdWidth width, ref TBody body)
        where TBody : struct, IVectorBody
    {
        switch (width)
        {
            case SimdWidth.V512:
                body.Run<FloatX16>();
                break;
            case SimdWidth.V256:
                body.Run<FloatX8>();
                break;
            case SimdWidth.V128:
                body.Run<FloatX4>();
                break;
            default:
                body.Run<FloatX1>();
                break;
        }
    }

    /// <summary>
    /// Runs chunks 0 .. <paramref name="chunks"/> - 1 of <paramref name="body"/> over <see cref="HostParallel"/>, all
    /// with the vector type of <paramref name="width"/>.
    /// </summary>
    public static void For<TBody>(SimdWidth width, int chunks, in TBody body)
        where TBody : struct, IParallelVectorBody
    {
        var launch = new Launch<TBody>(chunks, body);
        Run(width, ref launch);
    }

    private readonly struct Launch<TBody>(int chunks, TBody body) : IVectorBody
        where TBody : struct, IParallelVectorBody
    {
        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec> =>
            HostParallel.For(chunks, new Chunks<TBody, TVec>(body));
    }

    private readonly struct Chunks<TBody, TVec>(TBody body) : IParallelBody
        where TBody : struct, IParallelVectorBody
        where TVec : struct, IFloatVector<TVec>
    {
        public void Run(int chunk) => body.Run<TVec>(chunk);
    }
}
