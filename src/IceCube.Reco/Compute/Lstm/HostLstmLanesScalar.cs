using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>One float per register: the fallback and the tail of rows shorter than a vector.</summary>
internal readonly unsafe struct HostLstmLanesScalar : IHostLstmLanes<float>
{
    /// <inheritdoc />
    public static int Count => 1;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(float* source) => *source;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, float* destination) => *destination = value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Divide(float a, float b) => a / b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Abs(float a) => MathF.Abs(a);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Min(float a, float b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Round(float a) => MathF.Round(a, MidpointRounding.ToEven);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ScaleByPowerOfTwo(float a, float n) => a * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AddToExponent(float a, float rounded) =>
        BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) + (BitConverter.SingleToInt32Bits(rounded) << 23));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SelectNonNegative(float x, float whenNonNegative, float otherwise) =>
        x >= 0f ? whenNonNegative : otherwise;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SelectBelow(float x, float limit, float whenBelow, float otherwise) =>
        x < limit ? whenBelow : otherwise;
}
