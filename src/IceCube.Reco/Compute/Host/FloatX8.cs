using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IceCube.Reco.Compute;

/// <summary>Eight floats in a <see cref="Vector256{T}"/>: the 256-bit width.</summary>
internal unsafe struct FloatX8 : IFloatVector<FloatX8>
{
    // Set through object initialisers (no constructor call for the inliner to spend its budget on); not readonly,
    // since AddProduct writes the sum in place.
    private Vector256<float> value;


    /// <inheritdoc />
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 8;
    }

    /// <inheritdoc />
    public static FloatX8 Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { value = Vector256<float>.Zero };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Create(float value) => new() { value = Vector256.Create(value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Load(float* source) => new() { value = Vector256.Load(source) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX8 value, float* destination) => Vector256.Store(value.value, destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Add(FloatX8 a, FloatX8 b) => new() { value = a.value + b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Subtract(FloatX8 a, FloatX8 b) => new() { value = a.value - b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Multiply(FloatX8 a, FloatX8 b) => new() { value = a.value * b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Divide(FloatX8 a, FloatX8 b) => new() { value = a.value / b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 MultiplyAdd(FloatX8 a, FloatX8 b, FloatX8 c)
    {
        // A statement, not a conditional expression: the JIT folds the test and keeps the inlined body one block.
        if (SimdCapability.FusedMultiplyAdd)
        {
            return new() { value = Vector256.FusedMultiplyAdd(a.value, b.value, c.value) };
        }

        return new() { value = (a.value * b.value) + c.value };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref FloatX8 sum, FloatX8 a, FloatX8 b)
    {
        // A statement, not a conditional expression: as a conditional the inlined body keeps a merge of two values,
        // and the accumulators go to the stack.
        if (SimdCapability.FusedMultiplyAdd)
        {
            sum.value = Vector256.FusedMultiplyAdd(a.value, b.value, sum.value);
        }
        else
        {
            sum.value = (a.value * b.value) + sum.value;
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Sqrt(FloatX8 a) => new() { value = Vector256.Sqrt(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Abs(FloatX8 a) => new() { value = Vector256.Abs(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Max(FloatX8 a, FloatX8 b) => new() { value = Vector256.MaxNative(a.value, b.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Min(FloatX8 a, FloatX8 b) => new() { value = Vector256.MinNative(a.value, b.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 Round(FloatX8 a) => new() { value = Vector256.Round(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 ScaleByPowerOfTwo(FloatX8 a, FloatX8 n)
    {
        var power = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n.value) + Vector256.Create(127), 23);
        return new() { value = a.value * power.AsSingle() };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 AddToExponent(FloatX8 a, FloatX8 rounded) =>
        new() { value = (a.value.AsInt32() + Vector256.ShiftLeft(rounded.value.AsInt32(), 23)).AsSingle() };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 WhereGreaterThanZero(FloatX8 test, FloatX8 value) =>
        new() { value = Vector256.ConditionalSelect(
            Vector256.GreaterThan(test.value, Vector256<float>.Zero), value.value, Vector256<float>.Zero) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 SelectNonNegative(FloatX8 x, FloatX8 whenNonNegative, FloatX8 otherwise) =>
        new() { value = Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(x.value, Vector256<float>.Zero), whenNonNegative.value, otherwise.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 SelectBelow(FloatX8 x, FloatX8 limit, FloatX8 whenBelow, FloatX8 otherwise) =>
        new() { value = Vector256.ConditionalSelect(
            Vector256.LessThan(x.value, limit.value), whenBelow.value, otherwise.value) };

    /// <inheritdoc />
    /// <remarks>Two vectors of 4 64-bit lanes make one of 8 floats.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX8 CounterUniform(ulong key, ulong first)
    {
        var keys = Vector256.Create(key);
        var low = Mix64(keys ^ (Vector256.Create(first) + Vector256<ulong>.Indices));
        var high = Mix64(keys ^ (Vector256.Create(first + 4) + Vector256<ulong>.Indices));
        var top = Vector256.Narrow(low >>> 40, high >>> 40).AsInt32();
        return new() { value = Vector256.ConvertToSingle(top) * (1.0f / 16777216.0f) };
    }

    // SplitMix64.Mix64 on every lane, the same wrapping arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix64(Vector256<ulong> z)
    {
        z += Vector256.Create(SplitMix64.Gamma);
        z = (z ^ (z >>> 30)) * Vector256.Create(SplitMix64.Multiplier1);
        z = (z ^ (z >>> 27)) * Vector256.Create(SplitMix64.Multiplier2);
        return z ^ (z >>> 31);
    }
}
