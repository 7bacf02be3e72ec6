using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IceCube.Reco.Compute;

/// <summary>Sixteen floats in a <see cref="Vector512{T}"/>: the 512-bit width.</summary>
internal unsafe struct FloatX16 : IFloatVector<FloatX16>
{
    // Set through object initialisers (no constructor call for the inliner to spend its budget on); not readonly,
    // since AddProduct writes the sum in place.
    private Vector512<float> value;


    /// <inheritdoc />
    public static int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 16;
    }

    /// <inheritdoc />
    public static FloatX16 Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { value = Vector512<float>.Zero };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Create(float value) => new() { value = Vector512.Create(value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Load(float* source) => new() { value = Vector512.Load(source) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatX16 value, float* destination) => Vector512.Store(value.value, destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Add(FloatX16 a, FloatX16 b) => new() { value = a.value + b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Subtract(FloatX16 a, FloatX16 b) => new() { value = a.value - b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Multiply(FloatX16 a, FloatX16 b) => new() { value = a.value * b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Divide(FloatX16 a, FloatX16 b) => new() { value = a.value / b.value };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 MultiplyAdd(FloatX16 a, FloatX16 b, FloatX16 c)
    {
        // A statement, not a conditional expression: the JIT folds the test and keeps the inlined body one block.
        if (SimdCapability.FusedMultiplyAdd)
        {
            return new() { value = Vector512.FusedMultiplyAdd(a.value, b.value, c.value) };
        }

        return new() { value = (a.value * b.value) + c.value };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref FloatX16 sum, FloatX16 a, FloatX16 b)
    {
        // A statement, not a conditional expression: as a conditional the inlined body keeps a merge of two values,
        // and the accumulators go to the stack.
        if (SimdCapability.FusedMultiplyAdd)
        {
            sum.value = Vector512.FusedMultiplyAdd(a.value, b.value, sum.value);
        }
        else
        {
            sum.value = (a.value * b.value) + sum.value;
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Sqrt(FloatX16 a) => new() { value = Vector512.Sqrt(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Abs(FloatX16 a) => new() { value = Vector512.Abs(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Max(FloatX16 a, FloatX16 b) => new() { value = Vector512.MaxNative(a.value, b.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Min(FloatX16 a, FloatX16 b) => new() { value = Vector512.MinNative(a.value, b.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 Round(FloatX16 a) => new() { value = Vector512.Round(a.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 ScaleByPowerOfTwo(FloatX16 a, FloatX16 n)
    {
        var power = Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n.value) + Vector512.Create(127), 23);
        return new() { value = a.value * power.AsSingle() };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 AddToExponent(FloatX16 a, FloatX16 rounded) =>
        new() { value = (a.value.AsInt32() + Vector512.ShiftLeft(rounded.value.AsInt32(), 23)).AsSingle() };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 WhereGreaterThanZero(FloatX16 test, FloatX16 value) =>
        new() { value = Vector512.ConditionalSelect(
            Vector512.GreaterThan(test.value, Vector512<float>.Zero), value.value, Vector512<float>.Zero) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 SelectNonNegative(FloatX16 x, FloatX16 whenNonNegative, FloatX16 otherwise) =>
        new() { value = Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(x.value, Vector512<float>.Zero), whenNonNegative.value, otherwise.value) };

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 SelectBelow(FloatX16 x, FloatX16 limit, FloatX16 whenBelow, FloatX16 otherwise) =>
        new() { value = Vector512.ConditionalSelect(
            Vector512.LessThan(x.value, limit.value), whenBelow.value, otherwise.value) };

    /// <inheritdoc />
    /// <remarks>Two vectors of 8 64-bit lanes make one of 16 floats.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatX16 CounterUniform(ulong key, ulong first)
    {
        var keys = Vector512.Create(key);
        var low = Mix64(keys ^ (Vector512.Create(first) + Vector512<ulong>.Indices));
        var high = Mix64(keys ^ (Vector512.Create(first + 8) + Vector512<ulong>.Indices));
        var top = Vector512.Narrow(low >>> 40, high >>> 40).AsInt32();
        return new() { value = Vector512.ConvertToSingle(top) * (1.0f / 16777216.0f) };
    }

    // SplitMix64.Mix64 on every lane, the same wrapping arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix64(Vector512<ulong> z)
    {
        z += Vector512.Create(SplitMix64.Gamma);
        z = (z ^ (z >>> 30)) * Vector512.Create(SplitMix64.Multiplier1);
        z = (z ^ (z >>> 27)) * Vector512.Create(SplitMix64.Multiplier2);
        return z ^ (z >>> 31);
    }
}
