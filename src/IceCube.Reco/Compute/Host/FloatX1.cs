using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>One float: the scalar fallback, and the reference the vector widths must agree with lane by lane.</summary>
internal readonly unsafe struct FloatX1 : IFloatVector<FloatX1>
{
    private readonly float value;

    private FloatX1(float value) => this.value = value;

    /// <inheritdoc />
    public static int Count => 1;

    /// <inheritdoc />
    public static FloatX1 Zero => default;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Create(float value) => new(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Load(float* source) => new(*source);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX1 value, float* destination) => *destination = value.value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Add(FloatX1 a, FloatX1 b) => new(a.value + b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Subtract(FloatX1 a, FloatX1 b) => new(a.value - b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Multiply(FloatX1 a, FloatX1 b) => new(a.value * b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Divide(FloatX1 a, FloatX1 b) => new(a.value / b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 MultiplyAdd(FloatX1 a, FloatX1 b, FloatX1 c) => SimdCapability.FusedMultiplyAdd
        ? new(MathF.FusedMultiplyAdd(a.value, b.value, c.value))
        : new((a.value * b.value) + c.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Sqrt(FloatX1 a) => new(MathF.Sqrt(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 WhereGreaterThanZero(FloatX1 test, FloatX1 value) => new(test.value > 0f ? value.value : 0f);
}
