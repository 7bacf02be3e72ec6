using System.Runtime.CompilerServices;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// SplitMix64's output function, the hash of the dropout mask (<see cref="DropoutKernels.Mix64"/>), for the host
/// vectors: its constants in one place for every width, and the scalar form inlinable (the kernel assembly's is a
/// call, with every live float spilled around it).
/// </summary>
internal static class SplitMix64
{
    /// <summary>The state increment, <see cref="DropoutKernels.Gamma"/>.</summary>
    public const ulong Gamma = DropoutKernels.Gamma;

    /// <summary>The first multiplier of the output function.</summary>
    public const ulong Multiplier1 = 0xBF58476D1CE4E5B9UL;

    /// <summary>The second multiplier of the output function.</summary>
    public const ulong Multiplier2 = 0x94D049BB133111EBUL;

    /// <summary>Mix64(z), the same wrapping arithmetic as <see cref="DropoutKernels.Mix64"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix64(ulong z)
    {
        unchecked
        {
            z += Gamma;
            z = (z ^ (z >> 30)) * Multiplier1;
            z = (z ^ (z >> 27)) * Multiplier2;
            return z ^ (z >> 31);
        }
    }
}
