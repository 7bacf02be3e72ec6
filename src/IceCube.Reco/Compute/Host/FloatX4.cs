using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IceCube.Reco.Compute;

/// <summary>Four floats in a <see cref="Vector128{T}"/>: the 128-bit width.</summary>
internal readonly unsafe struct FloatX4 : IFloatVector<FloatX4>
{
    private readonly Vector128<float> value;

    private FloatX4(Vector128<float> value) => this.value = value;

    /// <inheritdoc />
    public static int Count => 4;

    /// <inheritdoc />
    public static FloatX4 Zero => new(Vector128<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Create(float value) => new(Vector128.Create(value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Load(float* source) => new(Vector128.Load(source));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX4 value, float* destination) => Vector128.Store(value.value, destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Add(FloatX4 a, FloatX4 b) => new(a.value + b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Subtract(FloatX4 a, FloatX4 b) => new(a.value - b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Multiply(FloatX4 a, FloatX4 b) => new(a.value * b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Divide(FloatX4 a, FloatX4 b) => new(a.value / b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 MultiplyAdd(FloatX4 a, FloatX4 b, FloatX4 c) => SimdCapability.FusedMultiplyAdd
        ? new(Vector128.FusedMultiplyAdd(a.value, b.value, c.value))
        : new((a.value * b.value) + c.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Sqrt(FloatX4 a) => new(Vector128.Sqrt(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 WhereGreaterThanZero(FloatX4 test, FloatX4 value) =>
        new(Vector128.ConditionalSelect(Vector128.GreaterThan(test.value, Vector128<float>.Zero), value.value, Vector128<float>.Zero));
}
