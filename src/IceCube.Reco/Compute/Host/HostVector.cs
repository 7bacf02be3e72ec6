using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// Short vector loops the host layer kernels share, at an explicit <see cref="SimdWidth"/>. Each element's result is
/// the same at every width (the lanes are independent, and a multiply-add is fused or not at every width alike, as
/// <see cref="SimdCapability.FusedMultiplyAdd"/> says), so narrowing the width never changes a bit.
/// </summary>
internal static unsafe class HostVector
{
    /// <summary>y[i] += x[i] for i &lt; <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* y, float* x, int count, SimdWidth width)
    {
        var body = new AddBody(y, x, count);
        SimdDispatch.Ladder(width, ref body);
    }

    // y[i] += x[i] for whole vectors from i; returns the first element not done.
    private static int Add<TVec>(int i, float* y, float* x, int count)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; i + TVec.Count <= count; i += TVec.Count)
        {
            TVec.Store(TVec.Add(TVec.Load(y + i), TVec.Load(x + i)), y + i);
        }

        return i;
    }

    private readonly struct AddBody(float* y, float* x, int count) : IVectorLoopBody
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => Add<TVec>(start, y, x, count);
    }
}
