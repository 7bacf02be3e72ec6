using System.Runtime.Intrinsics;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// Inverted dropout on the host with the counter-based mask of <see cref="DropoutKernels"/>: element i is kept when
/// the top 24 bits of Mix64(key ^ i), times 2^-24, reach the rate. The vector paths run SplitMix64 in 64-bit lanes
/// (wrapping multiplies, as the scalar code), so the mask is bit-identical to the kernels' at every width.
/// </summary>
internal static unsafe class HostDropout
{
    /// <summary>
    /// Elements first .. end - 1: output[i] = input[i] * scale when element i is kept, else 0. output may be input.
    /// </summary>
    public static void Apply(
        float* input, float* output, ulong key, float rate, float scale, SimdWidth width, long first, long end)
    {
        long i = first;
        if (width >= SimdWidth.V512)
        {
            var step = Vector512.Create((ulong)Vector512<ulong>.Count);
            var index = Vector512.Create((ulong)i) + Vector512<ulong>.Indices;
            var rates = Vector256.Create(rate);
            var scales = Vector256.Create(scale);
            for (; i + Vector512<ulong>.Count <= end; i += Vector512<ulong>.Count)
            {
                // 8 hashes give 8 uniforms: exact small integers converted to float, then scaled by a power of two.
                var top = Vector512.Narrow(Mix64(Vector512.Create(key) ^ index) >>> 40, Vector512<ulong>.Zero);
                var uniform = Vector512.ConvertToSingle(top.AsInt32()).GetLower() * (1.0f / 16777216.0f);
                var kept = Vector256.GreaterThanOrEqual(uniform, rates);
                Vector256.ConditionalSelect(kept, Vector256.Load(input + i) * scales, Vector256<float>.Zero).Store(output + i);
                index += step;
            }
        }

        if (width >= SimdWidth.V256)
        {
            var step = Vector256.Create((ulong)Vector256<ulong>.Count);
            var index = Vector256.Create((ulong)i) + Vector256<ulong>.Indices;
            var rates = Vector128.Create(rate);
            var scales = Vector128.Create(scale);
            for (; i + Vector256<ulong>.Count <= end; i += Vector256<ulong>.Count)
            {
                var top = Vector256.Narrow(Mix64(Vector256.Create(key) ^ index) >>> 40, Vector256<ulong>.Zero);
                var uniform = Vector256.ConvertToSingle(top.AsInt32()).GetLower() * (1.0f / 16777216.0f);
                var kept = Vector128.GreaterThanOrEqual(uniform, rates);
                Vector128.ConditionalSelect(kept, Vector128.Load(input + i) * scales, Vector128<float>.Zero).Store(output + i);
                index += step;
            }
        }

        for (; i < end; i++)
        {
            float u = (DropoutKernels.Mix64(key ^ (ulong)i) >> 40) * (1.0f / 16777216.0f);
            output[i] = u >= rate ? input[i] * scale : 0f;
        }
    }

    // SplitMix64's output function on every lane, the same wrapping arithmetic as DropoutKernels.Mix64.
    private static Vector512<ulong> Mix64(Vector512<ulong> z)
    {
        z += Vector512.Create(DropoutKernels.Gamma);
        z = (z ^ (z >>> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }

    private static Vector256<ulong> Mix64(Vector256<ulong> z)
    {
        z += Vector256.Create(DropoutKernels.Gamma);
        z = (z ^ (z >>> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }
}
