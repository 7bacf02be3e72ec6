using System.Runtime.CompilerServices;
using IceCube.Reco.Kernels;

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
    public static FloatX1 Abs(FloatX1 a) => new(MathF.Abs(a.value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Max(FloatX1 a, FloatX1 b) => a.value > b.value ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Min(FloatX1 a, FloatX1 b) => a.value < b.value ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Round(FloatX1 a) => new(MathF.Round(a.value, MidpointRounding.ToEven));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 ScaleByPowerOfTwo(FloatX1 a, FloatX1 n) =>
        new(a.value * BitConverter.Int32BitsToSingle(((int)n.value + 127) << 23));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 AddToExponent(FloatX1 a, FloatX1 rounded) => new(BitConverter.Int32BitsToSingle(
        BitConverter.SingleToInt32Bits(a.value) + (BitConverter.SingleToInt32Bits(rounded.value) << 23)));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 WhereGreaterThanZero(FloatX1 test, FloatX1 value) => new(test.value > 0f ? value.value : 0f);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 SelectNonNegative(FloatX1 x, FloatX1 whenNonNegative, FloatX1 otherwise) =>
        x.value >= 0f ? whenNonNegative : otherwise;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 SelectBelow(FloatX1 x, FloatX1 limit, FloatX1 whenBelow, FloatX1 otherwise) =>
        x.value < limit.value ? whenBelow : otherwise;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 CounterUniform(ulong key, ulong first) =>
        new((DropoutKernels.Mix64(key ^ first) >> 40) * (1.0f / 16777216.0f));
}
