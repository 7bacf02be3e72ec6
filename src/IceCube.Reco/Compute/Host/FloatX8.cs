using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IceCube.Reco.Compute;

/// <summary>Eight floats in a <see cref="Vector256{T}"/>: the 256-bit width.</summary>
internal readonly unsafe struct FloatX8 : IFloatVector<FloatX8>
{
    private readonly Vector256<float> value;

    private FloatX8(Vector256<float> value) => this.value = value;

    /// <inheritdoc />
    public static int Count => 8;

    /// <inheritdoc />
    public static FloatX8 Zero => new(Vector256<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Create(float value) => new(Vector256.Create(value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Load(float* source) => new(Vector256.Load(source));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX8 value, float* destination) => Vector256.Store(value.value, destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Add(FloatX8 a, FloatX8 b) => new(a.value + b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Subtract(FloatX8 a, FloatX8 b) => new(a.value - b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Multiply(FloatX8 a, FloatX8 b) => new(a.value * b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Divide(FloatX8 a, FloatX8 b) => new(a.value / b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 MultiplyAdd(FloatX8 a, FloatX8 b, FloatX8 c) => SimdCapability.FusedMultiplyAdd
        ? new(Vector256.FusedMultiplyAdd(a.value, b.value, c.value))
        : new((a.value * b.value) + c.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Sqrt(FloatX8 a) => new(Vector256.Sqrt(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 WhereGreaterThanZero(FloatX8 test, FloatX8 value) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(test.value, Vector256<float>.Zero), value.value, Vector256<float>.Zero));
}
