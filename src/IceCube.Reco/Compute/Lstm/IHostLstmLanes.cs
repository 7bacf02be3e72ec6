namespace IceCube.Reco.Compute;

/// <summary>
/// The few vector operations the host LSTM needs, over one register of <see cref="Count"/> floats. The recurrence is
/// written once, generic over an implementing struct, and the JIT specialises it per width (scalar, 128, 256 and
/// 512 bits). Every operation is an IEEE element-wise one (multiply-adds fused), so each width computes the same bits.
/// </summary>
/// <typeparam name="TVec">The register type: float, Vector128, Vector256 or Vector512 of float.</typeparam>
internal unsafe interface IHostLstmLanes<TVec>
    where TVec : struct
{
    /// <summary>Floats in one register.</summary>
    static abstract int Count { get; }

    /// <summary>Reads <see cref="Count"/> floats from <paramref name="source"/>.</summary>
    static abstract TVec Load(float* source);

    /// <summary>Writes <see cref="Count"/> floats to <paramref name="destination"/>.</summary>
    static abstract void Store(TVec value, float* destination);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TVec Broadcast(float value);

    /// <summary>a * b + c with one rounding.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>a + b.</summary>
    static abstract TVec Add(TVec a, TVec b);

    /// <summary>a - b.</summary>
    static abstract TVec Subtract(TVec a, TVec b);

    /// <summary>a * b.</summary>
    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>a / b.</summary>
    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>|a|.</summary>
    static abstract TVec Abs(TVec a);

    /// <summary>
    /// The larger of a and b (for a clamp from below); b where either is NaN or both are zeros (x86's maxps rule,
    /// one instruction; NaN never reaches the clamps in a finite network).
    /// </summary>
    static abstract TVec Max(TVec a, TVec b);

    /// <summary>a rounded to the nearest integer, ties to even.</summary>
    static abstract TVec Round(TVec a);

    /// <summary>
    /// a * 2^n for integral n in -126 .. 127, by building the power of two's exponent bits (n outside that range is
    /// not checked for).
    /// </summary>
    static abstract TVec ScaleByPowerOfTwo(TVec a, TVec n);

    /// <summary>The smaller of a and b (for a clamp from above); b where either is NaN or both are zeros.</summary>
    static abstract TVec Min(TVec a, TVec b);

    /// <summary>
    /// a * 2^n where the low bits of <paramref name="rounded"/>'s bit pattern hold n: the float 1.5 * 2^23 + n, as
    /// magic-number rounding leaves it. Adds n &lt;&lt; 23 to a's bits (the 1.5 * 2^23 part shifts out of 32 bits), so
    /// a * 2^n must be a normal float.
    /// </summary>
    static abstract TVec AddToExponent(TVec a, TVec rounded);

    /// <summary>Per lane: <paramref name="whenNonNegative"/> where x &gt;= 0, else <paramref name="otherwise"/>.</summary>
    static abstract TVec SelectNonNegative(TVec x, TVec whenNonNegative, TVec otherwise);

    /// <summary>Per lane: <paramref name="whenBelow"/> where x &lt; limit, else <paramref name="otherwise"/>.</summary>
    static abstract TVec SelectBelow(TVec x, TVec limit, TVec whenBelow, TVec otherwise);
}
