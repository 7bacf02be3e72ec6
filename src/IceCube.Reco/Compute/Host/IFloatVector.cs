namespace IceCube.Reco.Compute;

/// <summary>
/// A vector of floats of one width, as static operations, so that one generic kernel body serves every width: the
/// JIT compiles a separate body per struct type argument with the calls inlined. Every implementation computes each
/// lane exactly as the scalar one does (<see cref="MultiplyAdd"/> is fused or not by the same rule for all widths),
/// so the widths agree bit for bit.
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

    /// <summary>sqrt(a) per lane (correctly rounded, as MathF.Sqrt).</summary>
    static abstract TSelf Sqrt(TSelf a);

    /// <summary><paramref name="value"/> where <paramref name="test"/> &gt; 0, else 0 (NaN tests give 0), per lane.</summary>
    static abstract TSelf WhereGreaterThanZero(TSelf test, TSelf value);
}
