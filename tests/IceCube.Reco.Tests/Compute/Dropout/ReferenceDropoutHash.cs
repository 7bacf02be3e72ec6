namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The counter-based hash behind the dropout mask: (seed, step, index) to a uniform number in [0, 1).
/// Counter-based means no generator state: the forward and backward passes (and a CPU and a GPU) that ask
/// for the same (seed, step, index) get the same bits, which is what makes the mask reproducible and
/// lets backward recompute it instead of storing it. The dropout kernel implements exactly these bit
/// operations and is tested for bit-equality of the mask against this class.
/// </summary>
/// <remarks>
/// <para>All arithmetic is on unsigned 64-bit integers, wrapping modulo 2^64 (C# unchecked ulong):</para>
/// <code>
/// Mix64(z):                        the SplitMix64 output function applied to state z
///     z = z + 0x9E3779B97F4A7C15   (the golden-ratio increment, so Mix64(0) != 0)
///     z = (z ^ (z &gt;&gt; 30)) * 0xBF58476D1CE4E5B9
///     z = (z ^ (z &gt;&gt; 27)) * 0x94D049BB133111EB
///     return z ^ (z &gt;&gt; 31)
/// Hash(seed, step, index) = Mix64(Mix64(Mix64(seed) ^ step) ^ index)
/// Uniform(seed, step, index) = (float)(Hash &gt;&gt; 40) * 2^-24     (the top 24 bits)
/// </code>
/// <para>
/// Mix64 is a bijection on 64-bit words, so for a fixed seed distinct steps give distinct keys, and for a fixed
/// key distinct indices give distinct hashes. The top 24 bits fit a float's significand exactly, so Uniform is
/// an exact multiple of 2^-24 in [0, 1 - 2^-24], identical in float and double. Mix64(0) is
/// 0xE220A8397B1DCDAF, the first output of the published SplitMix64 generator seeded with 0.
/// </para>
/// </remarks>
internal static class ReferenceDropoutHash
{
    /// <summary>The SplitMix64 increment, 2^64 / golden ratio, rounded to odd.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output function of the state <paramref name="z"/> (see the class remarks).</summary>
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

    /// <summary>The 64-bit hash of an element: Mix64(Mix64(Mix64(seed) ^ step) ^ index).</summary>
    public static ulong Hash(ulong seed, ulong step, ulong index) => Mix64(Mix64(Mix64(seed) ^ step) ^ index);

    /// <summary>The top 24 bits of <see cref="Hash"/> as a float in [0, 1): an exact multiple of 2^-24.</summary>
    public static float Uniform(ulong seed, ulong step, ulong index) =>
        (Hash(seed, step, index) >> 40) * (1.0f / 16777216.0f);
}
