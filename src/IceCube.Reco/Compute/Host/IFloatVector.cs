namespace IceCube.Reco.Compute;

/// <summary>
/// A vector of floats of one width, as static operations, so that one generic kernel body serves every width: the
/// JIT compiles a separate body per struct type argument with the calls inlined. Every implementation computes each
/// lane exactly as the scalar one does (<see cref="MultiplyAdd"/> is fused or not by the same rule for all widths),
/// so the widths agree bit for bit. <see cref="SimdDispatch"/> maps a <see cref="SimdWidth"/> to the implementing
/// type: the host kernels name no vector type of their own.
/// </summary>
/// <typeparam name="TSelf">The implementing vector type.</typeparam>
internal unsafe interface IFloatVector<TSelf>
    where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes 0.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>Reads <see cref="Count"/> floats (no alignment needed).</summary>
    static abstract TSelf Load(float* source);

    /// <summary>Writes <see cref="Count"/> floats (no alignment needed).</summary>
    static abstract void Store(TSelf value, float* destination);

    /// <summary>a + b per lane.</summary>
    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary>a - b per lane.</summary>
    static abstract TSelf Subtract(TSelf a, TSelf b);

    /// <summary>a * b per lane.</summary>
    static abstract TSelf Multiply(TSelf a, TSelf b);

    /// <summary>a / b per lane.</summary>
    static abstract TSelf Divide(TSelf a, TSelf b);

    /// <summary>a * b + c per lane, with one rounding where <see cref="SimdCapability.FusedMultiplyAdd"/>.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>
    /// sum = a * b + sum per lane, rounded as <see cref="MultiplyAdd"/>. For accumulators in register tiles: written
    /// through the reference, the sum stays in its register, where <c>sum = MultiplyAdd(a, b, sum)</c> has the JIT
    /// compute into the register of a factor that dies there and copy the result back (one more vector instruction
    /// per multiply-add on the ports the multiply-adds need).
    /// </summary>
    static abstract void AddProduct(ref TSelf sum, TSelf a, TSelf b);

    /// <summary>sqrt(a) per lane (correctly rounded, as MathF.Sqrt).</summary>
    static abstract TSelf Sqrt(TSelf a);

    /// <summary>|a| per lane.</summary>
    static abstract TSelf Abs(TSelf a);

    /// <summary>
    /// The larger of a and b per lane (for a clamp from below); b where either is NaN or both are zeros (x86's maxps
    /// rule, one instruction; NaN never reaches the clamps in a finite network).
    /// </summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>The smaller of a and b per lane (for a clamp from above); b where either is NaN or both are zeros.</summary>
    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary>a rounded to the nearest integer per lane, ties to even.</summary>
    static abstract TSelf Round(TSelf a);

    /// <summary>
    /// a * 2^n per lane for integral n in -126 .. 127, by building the power of two's exponent bits (n outside that
    /// range is not checked for).
    /// </summary>
    static abstract TSelf ScaleByPowerOfTwo(TSelf a, TSelf n);

    /// <summary>
    /// a * 2^n per lane where the low bits of <paramref name="rounded"/>'s bit pattern hold n: the float
    /// 1.5 * 2^23 + n, as magic-number rounding leaves it. Adds n &lt;&lt; 23 to a's bits (the 1.5 * 2^23 part shifts
    /// out of 32 bits), so a * 2^n must be a normal float.
    /// </summary>
    static abstract TSelf AddToExponent(TSelf a, TSelf rounded);

    /// <summary><paramref name="value"/> where <paramref name="test"/> &gt; 0, else 0 (NaN tests give 0), per lane.</summary>
    static abstract TSelf WhereGreaterThanZero(TSelf test, TSelf value);

    /// <summary>Per lane: <paramref name="whenNonNegative"/> where x &gt;= 0, else <paramref name="otherwise"/>.</summary>
    static abstract TSelf SelectNonNegative(TSelf x, TSelf whenNonNegative, TSelf otherwise);

    /// <summary>Per lane: <paramref name="whenBelow"/> where x &lt; limit, else <paramref name="otherwise"/>.</summary>
    static abstract TSelf SelectBelow(TSelf x, TSelf limit, TSelf whenBelow, TSelf otherwise);

    /// <summary>
    /// Lane j: the uniform in [0, 1) of counter <paramref name="first"/> + j under <paramref name="key"/>, as
    /// <see cref="IceCube.Reco.Kernels.DropoutKernels"/> draws it: the top 24 bits of Mix64(key ^ (first + j)) times
    /// 2^-24. The hash runs in 64-bit lanes with wrapping multiplies and the 24-bit integer converts to float exactly,
    /// so every lane equals the scalar kernel's value bit for bit.
    /// </summary>
    static abstract TSelf CounterUniform(ulong key, ulong first);
}
