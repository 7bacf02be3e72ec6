namespace IceCube.Reco.Compute;

/// <summary>
/// The vector width the host kernels use. Wider is faster; every width computes the same sums in the same order, so
/// results agree bit for bit wherever a kernel's math allows (see <see cref="SimdCapability"/>).
/// </summary>
internal enum SimdWidth
{
    /// <summary>Plain scalar loops: the fallback on any machine.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (4 floats: SSE, NEON).</summary>
    V128 = 1,

    /// <summary>256-bit vectors (8 floats: AVX2).</summary>
    V256 = 2,

    /// <summary>512-bit vectors (16 floats: AVX-512).</summary>
    V512 = 3,
}
