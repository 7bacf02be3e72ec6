using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using IceCube.Reco.Kernels;

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
    public static FloatX8 Abs(FloatX8 a) => new(Vector256.Abs(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Max(FloatX8 a, FloatX8 b) => new(Vector256.MaxNative(a.value, b.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Min(FloatX8 a, FloatX8 b) => new(Vector256.MinNative(a.value, b.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Round(FloatX8 a) => new(Vector256.Round(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 ScaleByPowerOfTwo(FloatX8 a, FloatX8 n) =>
        new(a.value * Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n.value) + Vector256.Create(127), 23)
            .AsSingle());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 AddToExponent(FloatX8 a, FloatX8 rounded) =>
        new((a.value.AsInt32() + Vector256.ShiftLeft(rounded.value.AsInt32(), 23)).AsSingle());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 WhereGreaterThanZero(FloatX8 test, FloatX8 value) =>
        new(Vector256.ConditionalSelect(
            Vector256.GreaterThan(test.value, Vector256<float>.Zero), value.value, Vector256<float>.Zero));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 SelectNonNegative(FloatX8 x, FloatX8 whenNonNegative, FloatX8 otherwise) =>
        new(Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(x.value, Vector256<float>.Zero), whenNonNegative.value, otherwise.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 SelectBelow(FloatX8 x, FloatX8 limit, FloatX8 whenBelow, FloatX8 otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.LessThan(x.value, limit.value), whenBelow.value, otherwise.value));

    /// <inheritdoc />
    /// <remarks>Two vectors of 4 64-bit lanes make one of 8 floats.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 CounterUniform(ulong key, ulong first)
    {
        var keys = Vector256.Create(key);
        var low = Mix64(keys ^ (Vector256.Create(first) + Vector256<ulong>.Indices));
        var high = Mix64(keys ^ (Vector256.Create(first + 4) + Vector256<ulong>.Indices));
        var top = Vector256.Narrow(low >>> 40, high >>> 40).AsInt32();
        return new(Vector256.ConvertToSingle(top) * (1.0f / 16777216.0f));
    }

    // DropoutKernels.Mix64 on every lane, the same wrapping arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix64(Vector256<ulong> z)
    {
        z += Vector256.Create(DropoutKernels.Gamma);
        z = (z ^ (z >>> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }
}
