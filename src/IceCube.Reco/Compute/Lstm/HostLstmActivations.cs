using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// Sigmoid and tanh for the LSTM gates, generic over the vector width (<see cref="IFloatVector{TSelf}"/>): every step
/// is a lane-wise IEEE operation and the multiply-adds fuse or not at every width alike, so every width computes the
/// same bits.
/// exp is a Cody-Waite range reduction (x = n ln 2 + r, |r| &lt;= ln 2 / 2) with the Cephes single-precision
/// polynomial for e^r, about 1 ulp; tanh uses an odd polynomial below |x| = 0.625, where (1 - e^-2|x|) / (1 + e^-2|x|)
/// would lose relative precision, and that ratio above. Both stay within ~1e-6 relative of the true functions.
/// </summary>
internal static class HostLstmActivations
{
    // ln 2 split so that n * Ln2High is exact for |n| <= 126: r = x - n ln 2 keeps its low bits.
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float Log2E = 1.44269504088896341f;

    // Below this exp underflows past the smallest normal float; clamping keeps 2^n a normal power of two.
    private const float ExpFloor = -87f;

    // Above this exp overflows no float, and 2^n stays a normal power of two.
    private const float ExpCeiling = 87f;

    // Below this e^x could leave the normal floats, where adding to the exponent bits no longer scales.
    private const float ExpClampedFloor = -86f;

    // 1.5 * 2^23: adding it rounds |v| < 2^22 to an integer n (ties to even) held in the low mantissa bits.
    private const float RoundingMagic = 12582912f;

    // Above this |x| tanh is computed from exp; below, by its odd polynomial.
    private const float TanhSeriesLimit = 0.625f;

    /// <summary>e^x for x &lt;= 0 (the only arguments the gates need); x below -87 gives about 1e-38 instead of less.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ExpNonPositive<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        return ExpInRange<TVec>(TVec.Max(x, TVec.Create(ExpFloor)));
    }

    /// <summary>
    /// e^x with x clamped to -86 .. 87 first, for the one-division forms: n = round(x log2 e) by magic-number rounding
    /// (one multiply-add, n left in the low bits) and 2^n applied by an integer add to the exponent bits, which the
    /// clamp keeps valid (e^x stays a normal float). The same reduction and polynomial as
    /// <see cref="ExpNonPositive"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ExpClamped<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        x = TVec.Min(TVec.Max(x, TVec.Create(ExpClampedFloor)), TVec.Create(ExpCeiling));
        var magic = TVec.Create(RoundingMagic);
        var rounded = TVec.MultiplyAdd(x, TVec.Create(Log2E), magic);
        var n = TVec.Subtract(rounded, magic);
        var r = TVec.MultiplyAdd(n, TVec.Create(-Ln2High), x);
        r = TVec.MultiplyAdd(n, TVec.Create(-Ln2Low), r);
        var y = TVec.Add(TVec.MultiplyAdd(Polynomial<TVec>(r), TVec.Multiply(r, r), r), TVec.Create(1f));
        return TVec.AddToExponent(y, rounded);
    }

    /// <summary>
    /// 1 / (1 + e^-x) with one division and no branch: e^-x is clamped to at most about e^87, so below x = -87 the
    /// result stays about 1.6e-38, a normal float. Within 5e-7 relative of the true sigmoid (a few ulp); the
    /// inference recurrence's cheaper form of <see cref="Sigmoid"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec SigmoidOneDivision<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        var one = TVec.Create(1f);
        return TVec.Divide(one, TVec.Add(one, ExpClamped<TVec>(TVec.Subtract(TVec.Zero, x))));
    }

    /// <summary>
    /// tanh x = 2 / (1 + e^-2x) - 1 with one division and no branch: within 2e-7 absolute of the true tanh (not
    /// relative: near 0 the subtraction leaves the absolute error of a number near 1); the inference
    /// recurrence's cheaper form of <see cref="Tanh"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec TanhOneDivision<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        var one = TVec.Create(1f);
        var e = ExpClamped<TVec>(TVec.Multiply(x, TVec.Create(-2f)));
        return TVec.Subtract(TVec.Divide(TVec.Create(2f), TVec.Add(one, e)), one);
    }

    // e^x for x already within -87 .. 87.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ExpInRange<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        var n = TVec.Round(TVec.Multiply(x, TVec.Create(Log2E)));
        var r = TVec.MultiplyAdd(n, TVec.Create(-Ln2High), x);
        r = TVec.MultiplyAdd(n, TVec.Create(-Ln2Low), r);
        var y = TVec.Add(TVec.MultiplyAdd(Polynomial<TVec>(r), TVec.Multiply(r, r), r), TVec.Create(1f));
        return TVec.ScaleByPowerOfTwo(y, n);
    }

    // Cephes' P(r) of e^r = 1 + r + r^2 P(r) on |r| <= ln 2 / 2.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Polynomial<TVec>(TVec r)
        where TVec : struct, IFloatVector<TVec>
    {
        var p = TVec.MultiplyAdd(TVec.Create(1.9875691500e-4f), r, TVec.Create(1.3981999507e-3f));
        p = TVec.MultiplyAdd(p, r, TVec.Create(8.3334519073e-3f));
        p = TVec.MultiplyAdd(p, r, TVec.Create(4.1665795894e-2f));
        p = TVec.MultiplyAdd(p, r, TVec.Create(1.6666665459e-1f));
        return TVec.MultiplyAdd(p, r, TVec.Create(5.0000001201e-1f));
    }

    /// <summary>1 / (1 + e^-x), from e^-|x| so that neither branch overflows (as the ILGPU kernels do).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        var e = ExpNonPositive<TVec>(TVec.Subtract(TVec.Zero, TVec.Abs(x)));
        var denominator = TVec.Add(TVec.Create(1f), e);
        return TVec.SelectNonNegative(x, TVec.Divide(TVec.Create(1f), denominator), TVec.Divide(e, denominator));
    }

    /// <summary>tanh x, odd: computed for |x| and given x's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        var a = TVec.Abs(x);
        var one = TVec.Create(1f);
        var e = ExpNonPositive<TVec>(TVec.Multiply(a, TVec.Create(-2f)));
        var large = TVec.Divide(TVec.Subtract(one, e), TVec.Add(one, e));

        // Cephes' minimax odd polynomial: tanh a = a + a^3 P(a^2) on |a| < 0.625.
        var s = TVec.Multiply(a, a);
        var p = TVec.MultiplyAdd(TVec.Create(-5.70498872745e-3f), s, TVec.Create(2.06390887954e-2f));
        p = TVec.MultiplyAdd(p, s, TVec.Create(-5.37397155531e-2f));
        p = TVec.MultiplyAdd(p, s, TVec.Create(1.33314422036e-1f));
        p = TVec.MultiplyAdd(p, s, TVec.Create(-3.33332819422e-1f));
        var small = TVec.MultiplyAdd(TVec.Multiply(p, s), a, a);

        var magnitude = TVec.SelectBelow(a, TVec.Create(TanhSeriesLimit), small, large);
        return TVec.SelectNonNegative(x, magnitude, TVec.Subtract(TVec.Zero, magnitude));
    }
}
