using System.Runtime.CompilerServices;

namespace IceCube.Reco.Compute;

/// <summary>One float: the scalar fallback, and the reference the vector widths must agree with lane by lane.</summary>
internal unsafe struct FloatX1 : IFloatVector<FloatX1>
{
    // Set through object initialisers (no constructor call for the inliner to spend its budget on); not readonly,
    // since AddProduct writes the sum in place.
    private float value;


    /// <inheritdoc />
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 1;
    }

    /// <inheritdoc />
    public static FloatX1 Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => default;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Create(float value) => new() { value = value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Load(float* source) => new() { value = *source };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX1 value, float* destination) => *destination = value.value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Add(FloatX1 a, FloatX1 b) => new() { value = a.value + b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Subtract(FloatX1 a, FloatX1 b) => new() { value = a.value - b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Multiply(FloatX1 a, FloatX1 b) => new() { value = a.value * b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Divide(FloatX1 a, FloatX1 b) => new() { value = a.value / b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 MultiplyAdd(FloatX1 a, FloatX1 b, FloatX1 c)
    {
        // A statement, not a conditional expression: the JIT folds the test and keeps the inlined body one block.
        if (SimdCapability.FusedMultiplyAdd)
        {
            return new() { value = MathF.FusedMultiplyAdd(a.value, b.value, c.value) };
        }

        return new() { value = (a.value * b.value) + c.value };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref FloatX1 sum, FloatX1 a, FloatX1 b)
    {
        // A statement, not a conditional expression: as a conditional the inlined body keeps a merge of two values,
        // and the accumulators go to the stack.
        if (SimdCapability.FusedMultiplyAdd)
        {
            sum.value = MathF.FusedMultiplyAdd(a.value, b.value, sum.value);
        }
        else
        {
            sum.value = (a.value * b.value) + sum.value;
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Sqrt(FloatX1 a) => new() { value = MathF.Sqrt(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Abs(FloatX1 a) => new() { value = MathF.Abs(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Max(FloatX1 a, FloatX1 b) => a.value > b.value ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Min(FloatX1 a, FloatX1 b) => a.value < b.value ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 Round(FloatX1 a) => new() { value = MathF.Round(a.value, MidpointRounding.ToEven) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 ScaleByPowerOfTwo(FloatX1 a, FloatX1 n) =>
        new() { value = a.value * BitConverter.Int32BitsToSingle(((int)n.value + 127) << 23) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 AddToExponent(FloatX1 a, FloatX1 rounded) => new()
    {
        value = BitConverter.Int32BitsToSingle(
            BitConverter.SingleToInt32Bits(a.value) + (BitConverter.SingleToInt32Bits(rounded.value) << 23)),
    };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX1 WhereGreaterThanZero(FloatX1 test, FloatX1 value) =>
        new() { value = test.value > 0f ? value.value : 0f };

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
        new() { value = (SplitMix64.Mix64(key ^ first) >> 40) * (1.0f / 16777216.0f) };
}
