using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// Sigmoid and tanh for the LSTM gates, generic over the register width so every width computes the same bits.
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
    public static TVec ExpNonPositive<TL, TVec>(TVec x)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        return ExpInRange<TL, TVec>(TL.Max(x, TL.Broadcast(ExpFloor)));
    }

    /// <summary>
    /// e^x with x clamped to -86 .. 87 first, for the one-division forms: n = round(x log2 e) by magic-number rounding
    /// (one multiply-add, n left in the low bits) and 2^n applied by an integer add to the exponent bits, which the
    /// clamp keeps valid (e^x stays a normal float). The same reduction and polynomial as
    /// <see cref="ExpNonPositive"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ExpClamped<TL, TVec>(TVec x)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        x = TL.Min(TL.Max(x, TL.Broadcast(ExpClampedFloor)), TL.Broadcast(ExpCeiling));
        var magic = TL.Broadcast(RoundingMagic);
        var rounded = TL.MultiplyAdd(x, TL.Broadcast(Log2E), magic);
        var n = TL.Subtract(rounded, magic);
        var r = TL.MultiplyAdd(n, TL.Broadcast(-Ln2High), x);
        r = TL.MultiplyAdd(n, TL.Broadcast(-Ln2Low), r);
        var y = TL.Add(TL.MultiplyAdd(Polynomial<TL, TVec>(r), TL.Multiply(r, r), r), TL.Broadcast(1f));
        return TL.AddToExponent(y, rounded);
    }

    /// <summary>
    /// 1 / (1 + e^-x) with one division and no branch: e^-x is clamped to at most about e^87, so below x = -87 the
    /// result stays about 1.6e-38, a normal float. Within 5e-7 relative of the true sigmoid (a few ulp); the
    /// inference recurrence's cheaper form of <see cref="Sigmoid"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec SigmoidOneDivision<TL, TVec>(TVec x)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var one = TL.Broadcast(1f);
        return TL.Divide(one, TL.Add(one, ExpClamped<TL, TVec>(TL.Subtract(TL.Broadcast(0f), x))));
    }

    /// <summary>
    /// tanh x = 2 / (1 + e^-2x) - 1 with one division and no branch: within 2e-7 absolute of the true tanh (not
    /// relative: near 0 the subtraction leaves the absolute error of a number near 1); the inference
    /// recurrence's cheaper form of <see cref="Tanh"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec TanhOneDivision<TL, TVec>(TVec x)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var one = TL.Broadcast(1f);
        var e = ExpClamped<TL, TVec>(TL.Multiply(x, TL.Broadcast(-2f)));
        return TL.Subtract(TL.Divide(TL.Broadcast(2f), TL.Add(one, e)), one);
    }

    // e^x for x already within -87 .. 87.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ExpInRange<TL, TVec>(TVec x)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var n = TL.Round(TL.Multiply(x, TL.Broadcast(Log2E)));
        var r = TL.MultiplyAdd(n, TL.Broadcast(-Ln2High), x);
        r = TL.MultiplyAdd(n, TL.Broadcast(-Ln2Low), r);
        var y = TL.Add(TL.MultiplyAdd(Polynomial<TL, TVec>(r), TL.Multiply(r, r), r), TL.Broadcast(1f));
        return TL.ScaleByPowerOfTwo(y, n);
    }

    // Cephes' P(r) of e^r = 1 + r + r^2 P(r) on |r| <= ln 2 / 2.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Polynomial<TL, TVec>(TVec r)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var p = TL.MultiplyAdd(TL.Broadcast(1.9875691500e-4f), r, TL.Broadcast(1.3981999507e-3f));
        p = TL.MultiplyAdd(p, r, TL.Broadcast(8.3334519073e-3f));
        p = TL.MultiplyAdd(p, r, TL.Broadcast(4.1665795894e-2f));
        p = TL.MultiplyAdd(p, r, TL.Broadcast(1.6666665459e-1f));
        return TL.MultiplyAdd(p, r, TL.Broadcast(5.0000001201e-1f));
    }

    /// <summary>1 / (1 + e^-x), from e^-|x| so that neither branch overflows (as the ILGPU kernels do).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid<TL, TVec>(TVec x)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var e = ExpNonPositive<TL, TVec>(TL.Subtract(TL.Broadcast(0f), TL.Abs(x)));
        var denominator = TL.Add(TL.Broadcast(1f), e);
        return TL.SelectNonNegative(x, TL.Divide(TL.Broadcast(1f), denominator), TL.Divide(e, denominator));
    }

    /// <summary>tanh x, odd: computed for |x| and given x's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh<TL, TVec>(TVec x)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var a = TL.Abs(x);
        var one = TL.Broadcast(1f);
        var e = ExpNonPositive<TL, TVec>(TL.Multiply(a, TL.Broadcast(-2f)));
        var large = TL.Divide(TL.Subtract(one, e), TL.Add(one, e));

        // Cephes' minimax odd polynomial: tanh a = a + a^3 P(a^2) on |a| < 0.625.
        var s = TL.Multiply(a, a);
        var p = TL.MultiplyAdd(TL.Broadcast(-5.70498872745e-3f), s, TL.Broadcast(2.06390887954e-2f));
        p = TL.MultiplyAdd(p, s, TL.Broadcast(-5.37397155531e-2f));
        p = TL.MultiplyAdd(p, s, TL.Broadcast(1.33314422036e-1f));
        p = TL.MultiplyAdd(p, s, TL.Broadcast(-3.33332819422e-1f));
        var small = TL.MultiplyAdd(TL.Multiply(p, s), a, a);

        var magnitude = TL.SelectBelow(a, TL.Broadcast(TanhSeriesLimit), small, large);
        return TL.SelectNonNegative(x, magnitude, TL.Subtract(TL.Broadcast(0f), magnitude));
    }
}
