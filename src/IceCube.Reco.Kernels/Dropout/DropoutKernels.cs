using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// Inverted dropout with a counter-based mask: element i is kept when
/// <c>Uniform(Hash(seed, step, i)) &gt;= rate</c>, kept elements are scaled by 1 / (1 - rate), dropped ones are 0.
/// Hash(seed, step, i) = Mix64(Mix64(Mix64(seed) ^ step) ^ i), with Mix64 the SplitMix64 output function; the
/// host folds (seed, step) into the key Mix64(Mix64(seed) ^ step) once per launch, so the kernel does one Mix64 per
/// element. Uniform takes the top 24 bits times 2^-24, exact in float. The same key gives the same mask on every
/// device and in forward and backward, so the mask is recomputed rather than stored.
/// </summary>
internal static class DropoutKernels
{
    /// <summary>The SplitMix64 increment, 2^64 / golden ratio, rounded to odd.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output function of the state z (wrapping ulong arithmetic).</summary>
    public static ulong Mix64(ulong z)
    {
        unchecked
        {
            z += Gamma;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The per-launch key Mix64(Mix64(seed) ^ step).</summary>
    public static ulong Key(ulong seed, ulong step) => Mix64(Mix64(seed) ^ step);

    /// <summary>
    /// output[i] = input[i] * scale when element i is kept, else 0 (forward on x, backward on dy: the same
    /// diagonal). output may be input.
    /// </summary>
    public static void Apply(
        Index1D worker, Chunking work,
        ArrayView<float> input, ArrayView<float> output, ulong key, float rate, float scale)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                float u = (Mix64(key ^ (ulong)i) >> 40) * (1.0f / 16777216.0f);
                output[i] = u >= rate ? input[i] * scale : 0f;
            }
        }
    }
}
