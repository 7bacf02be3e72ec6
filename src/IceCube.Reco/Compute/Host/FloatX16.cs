using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IceCube.Reco.Compute;

/// <summary>Sixteen floats in a <see cref="Vector512{T}"/>: the 512-bit width.</summary>
internal readonly unsafe struct FloatX16 : IFloatVector<FloatX16>
{
    private readonly Vector512<float> value;

    private FloatX16(Vector512<float> value) => this.value = value;

    /// <inheritdoc />
    public static int Count => 16;

    /// <inheritdoc />
    public static FloatX16 Zero => new(Vector512<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Create(float value) => new(Vector512.Create(value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Load(float* source) => new(Vector512.Load(source));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX16 value, float* destination) => Vector512.Store(value.value, destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Add(FloatX16 a, FloatX16 b) => new(a.value + b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Subtract(FloatX16 a, FloatX16 b) => new(a.value - b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Multiply(FloatX16 a, FloatX16 b) => new(a.value * b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Divide(FloatX16 a, FloatX16 b) => new(a.value / b.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 MultiplyAdd(FloatX16 a, FloatX16 b, FloatX16 c) => SimdCapability.FusedMultiplyAdd
        ? new(Vector512.FusedMultiplyAdd(a.value, b.value, c.value))
        : new((a.value * b.value) + c.value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Sqrt(FloatX16 a) => new(Vector512.Sqrt(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 WhereGreaterThanZero(FloatX16 test, FloatX16 value) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(test.value, Vector512<float>.Zero), value.value, Vector512<float>.Zero));
}
