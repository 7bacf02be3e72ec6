using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IceCube.Reco.Compute;

/// <summary>Four floats in a <see cref="Vector128{T}"/>: the 128-bit width.</summary>
internal unsafe struct FloatX4 : IFloatVector<FloatX4>
{
    // Set through object initialisers (no constructor call for the inliner to spend its budget on); not readonly,
    // since AddProduct writes the sum in place.
    private Vector128<float> value;


    /// <inheritdoc />
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 4;
    }

    /// <inheritdoc />
    public static FloatX4 Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { value = Vector128<float>.Zero };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Create(float value) => new() { value = Vector128.Create(value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Load(float* source) => new() { value = Vector128.Load(source) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX4 value, float* destination) => Vector128.Store(value.value, destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Add(FloatX4 a, FloatX4 b) => new() { value = a.value + b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Subtract(FloatX4 a, FloatX4 b) => new() { value = a.value - b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Multiply(FloatX4 a, FloatX4 b) => new() { value = a.value * b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Divide(FloatX4 a, FloatX4 b) => new() { value = a.value / b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 MultiplyAdd(FloatX4 a, FloatX4 b, FloatX4 c)
    {
        // A statement, not a conditional expression: the JIT folds the test and keeps the inlined body one block.
        if (SimdCapability.FusedMultiplyAdd)
        {
            return new() { value = Vector128.FusedMultiplyAdd(a.value, b.value, c.value) };
        }

        return new() { value = (a.value * b.value) + c.value };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref FloatX4 sum, FloatX4 a, FloatX4 b)
    {
        // A statement, not a conditional expression: as a conditional the inlined body keeps a merge of two values,
        // and the accumulators go to the stack.
        if (SimdCapability.FusedMultiplyAdd)
        {
            sum.value = Vector128.FusedMultiplyAdd(a.value, b.value, sum.value);
        }
        else
        {
            sum.value = (a.value * b.value) + sum.value;
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Sqrt(FloatX4 a) => new() { value = Vector128.Sqrt(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Abs(FloatX4 a) => new() { value = Vector128.Abs(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Max(FloatX4 a, FloatX4 b) => new() { value = Vector128.MaxNative(a.value, b.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Min(FloatX4 a, FloatX4 b) => new() { value = Vector128.MinNative(a.value, b.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 Round(FloatX4 a) => new() { value = Vector128.Round(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 ScaleByPowerOfTwo(FloatX4 a, FloatX4 n)
    {
        var power = Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n.value) + Vector128.Create(127), 23);
        return new() { value = a.value * power.AsSingle() };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 AddToExponent(FloatX4 a, FloatX4 rounded) =>
        new() { value = (a.value.AsInt32() + Vector128.ShiftLeft(rounded.value.AsInt32(), 23)).AsSingle() };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 WhereGreaterThanZero(FloatX4 test, FloatX4 value) =>
        new() { value = Vector128.ConditionalSelect(
            Vector128.GreaterThan(test.value, Vector128<float>.Zero), value.value, Vector128<float>.Zero) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 SelectNonNegative(FloatX4 x, FloatX4 whenNonNegative, FloatX4 otherwise) =>
        new() { value = Vector128.ConditionalSelect(
            Vector128.GreaterThanOrEqual(x.value, Vector128<float>.Zero), whenNonNegative.value, otherwise.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 SelectBelow(FloatX4 x, FloatX4 limit, FloatX4 whenBelow, FloatX4 otherwise) =>
        new() { value = Vector128.ConditionalSelect(
            Vector128.LessThan(x.value, limit.value), whenBelow.value, otherwise.value) };

    /// <inheritdoc />
    /// <remarks>Two vectors of 2 64-bit lanes make one of 4 floats.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX4 CounterUniform(ulong key, ulong first)
    {
        var keys = Vector128.Create(key);
        var low = Mix64(keys ^ (Vector128.Create(first) + Vector128<ulong>.Indices));
        var high = Mix64(keys ^ (Vector128.Create(first + 2) + Vector128<ulong>.Indices));
        var top = Vector128.Narrow(low >>> 40, high >>> 40).AsInt32();
        return new() { value = Vector128.ConvertToSingle(top) * (1.0f / 16777216.0f) };
    }

    // SplitMix64.Mix64 on every lane, the same wrapping arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Mix64(Vector128<ulong> z)
    {
        z += Vector128.Create(SplitMix64.Gamma);
        z = (z ^ (z >>> 30)) * Vector128.Create(SplitMix64.Multiplier1);
        z = (z ^ (z >>> 27)) * Vector128.Create(SplitMix64.Multiplier2);
        return z ^ (z >>> 31);
    }
}
