using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using IceCube.Reco.Kernels;

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
    public static FloatX4 Abs(FloatX4 a) => new(Vector128.Abs(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Max(FloatX4 a, FloatX4 b) => new(Vector128.MaxNative(a.value, b.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Min(FloatX4 a, FloatX4 b) => new(Vector128.MinNative(a.value, b.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Round(FloatX4 a) => new(Vector128.Round(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 ScaleByPowerOfTwo(FloatX4 a, FloatX4 n) =>
        new(a.value * Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n.value) + Vector128.Create(127), 23)
            .AsSingle());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 AddToExponent(FloatX4 a, FloatX4 rounded) =>
        new((a.value.AsInt32() + Vector128.ShiftLeft(rounded.value.AsInt32(), 23)).AsSingle());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 WhereGreaterThanZero(FloatX4 test, FloatX4 value) =>
        new(Vector128.ConditionalSelect(
            Vector128.GreaterThan(test.value, Vector128<float>.Zero), value.value, Vector128<float>.Zero));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 SelectNonNegative(FloatX4 x, FloatX4 whenNonNegative, FloatX4 otherwise) =>
        new(Vector128.ConditionalSelect(
            Vector128.GreaterThanOrEqual(x.value, Vector128<float>.Zero), whenNonNegative.value, otherwise.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 SelectBelow(FloatX4 x, FloatX4 limit, FloatX4 whenBelow, FloatX4 otherwise) =>
        new(Vector128.ConditionalSelect(Vector128.LessThan(x.value, limit.value), whenBelow.value, otherwise.value));

    /// <inheritdoc />
    /// <remarks>Two vectors of 2 64-bit lanes make one of 4 floats.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 CounterUniform(ulong key, ulong first)
    {
        var keys = Vector128.Create(key);
        var low = Mix64(keys ^ (Vector128.Create(first) + Vector128<ulong>.Indices));
        var high = Mix64(keys ^ (Vector128.Create(first + 2) + Vector128<ulong>.Indices));
        var top = Vector128.Narrow(low >>> 40, high >>> 40).AsInt32();
        return new(Vector128.ConvertToSingle(top) * (1.0f / 16777216.0f));
    }

    // DropoutKernels.Mix64 on every lane, the same wrapping arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Mix64(Vector128<ulong> z)
    {
        z += Vector128.Create(DropoutKernels.Gamma);
        z = (z ^ (z >>> 30)) * Vector128.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector128.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }
}
