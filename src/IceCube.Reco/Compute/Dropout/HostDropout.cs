using System.Runtime.CompilerServices;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// Inverted dropout on the host with the counter-based mask of <see cref="DropoutKernels"/>: element i is kept when
/// the top 24 bits of Mix64(key ^ i), times 2^-24, reach the rate. The vector widths draw the uniforms in 64-bit lanes
/// (<see cref="IFloatVector{TSelf}.CounterUniform"/>, wrapping multiplies, as the scalar code), so the mask is
/// bit-identical to the kernels' at every width.
/// </summary>
internal static unsafe class HostDropout
{
    /// <summary>
    /// Elements first .. end - 1 (at most <see cref="int.MaxValue"/> of them): output[i] = input[i] * scale when
    /// element i is kept, else 0. output may be input.
    /// </summary>
    public static void Apply(
        float* input, float* output, ulong key, float rate, float scale, SimdWidth width, long first, long end)
    {
        var body = new Body(input + first, output + first, key, (ulong)first, rate, scale, (int)(end - first));
        SimdDispatch.Ladder(width, ref body);
    }

    // Elements first + i for whole vectors from i < count (input and output already point at element first);
    // returns the first element not done. Compiled once per width, not inlined into the ladder: the hash is long,
    // and four widths of it in one method exhaust the JIT's inlining budget before the scalar tail.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Mask<TVec>(
        int i, float* input, float* output, ulong key, ulong first, float rate, float scale, int count)
        where TVec : struct, IFloatVector<TVec>
    {
        var rates = TVec.Create(rate);
        var scales = TVec.Create(scale);
        for (; i + TVec.Count <= count; i += TVec.Count)
        {
            // Kept where uniform >= rate, written as "not below the rate": the same lanes, since neither is NaN
            // (the rate is checked to lie in [0, 1)).
            var uniform = TVec.CounterUniform(key, first + (ulong)i);
            var scaled = TVec.Multiply(TVec.Load(input + i), scales);
            TVec.Store(TVec.SelectBelow(uniform, rates, TVec.Zero, scaled), output + i);
        }

        return i;
    }

    private readonly struct Body(
        float* input, float* output, ulong key, ulong first, float rate, float scale, int count) : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> =>
            Mask<TVec>(start, input, output, key, first, rate, scale, count);
    }
}
