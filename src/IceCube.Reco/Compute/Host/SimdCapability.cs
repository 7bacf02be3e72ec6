using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace IceCube.Reco.Compute;

/// <summary>
/// What this machine's vector hardware offers, and the width the host kernels use now (<see cref="Active"/>):
/// the widest accelerated width by default; tests lower it to check each narrower path on the same machine.
/// </summary>
internal static class SimdCapability
{
    /// <summary>The widest hardware-accelerated width of this machine.</summary>
    public static SimdWidth Best { get; } = Detect();

    /// <summary>
    /// True when multiply-adds are fused (one rounding) on this machine. Every width, the scalar one included, makes
    /// the same choice, so that changing the width never changes a rounding.
    /// </summary>
    public static bool FusedMultiplyAdd { get; } = Fma.IsSupported || Avx512F.IsSupported
        || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    // Declared after Best: static initialisers run in text order.
    private static SimdWidth active = Best;

    /// <summary>
    /// The width the host kernels use. Settable (for tests and benchmarks) to any width up to <see cref="Best"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not accelerated on this machine.</exception>
    public static SimdWidth Active
    {
        get => active;
        set
        {
            if (value < SimdWidth.Scalar || value > Best)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), $"SIMD width {value} is not available here; the widest is {Best}.");
            }

            active = value;
        }
    }

    /// <summary>A short description of <paramref name="width"/>, e.g. "512-bit vectors".</summary>
    public static string Describe(SimdWidth width) => width switch
    {
        SimdWidth.V512 => "512-bit vectors",
        SimdWidth.V256 => "256-bit vectors",
        SimdWidth.V128 => "128-bit vectors",
        _ => "scalar",
    };

    // Vector512 counts as accelerated only with the AVX-512 subsets .NET needs (F, BW, CD, DQ, VL).
    private static SimdWidth Detect()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return SimdWidth.V512;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return SimdWidth.V256;
        }

        return Vector128.IsHardwareAccelerated ? SimdWidth.V128 : SimdWidth.Scalar;
    }
}
