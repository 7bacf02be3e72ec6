using System.Runtime.Intrinsics;

namespace IceCube.Reco.Compute;

/// <summary>
/// Short vector loops the host layer kernels share, at an explicit <see cref="SimdWidth"/>. Each element's result is
/// the same at every width (the lanes are independent, and a multiply-add is fused or not at every width alike, as
/// <see cref="SimdCapability.FusedMultiplyAdd"/> says), so narrowing the width never changes a bit.
/// </summary>
internal static unsafe class HostVector
{
    private static readonly bool Fused = SimdCapability.FusedMultiplyAdd;

    /// <summary>y[i] += x[i] for i &lt; <paramref name="count"/>.</summary>
    public static void Add(float* y, float* x, int count, SimdWidth width)
    {
        int i = 0;
        if (width >= SimdWidth.V512)
        {
            for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
            {
                (Vector512.Load(y + i) + Vector512.Load(x + i)).Store(y + i);
            }
        }

        if (width >= SimdWidth.V256)
        {
            for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
            {
                (Vector256.Load(y + i) + Vector256.Load(x + i)).Store(y + i);
            }
        }

        if (width >= SimdWidth.V128)
        {
            for (; i + Vector128<float>.Count <= count; i += Vector128<float>.Count)
            {
                (Vector128.Load(y + i) + Vector128.Load(x + i)).Store(y + i);
            }
        }

        for (; i < count; i++)
        {
            y[i] += x[i];
        }
    }

    /// <summary>y[i] = a x[i] + y[i] for i &lt; <paramref name="count"/>.</summary>
    public static void MultiplyAdd(float a, float* x, float* y, int count, SimdWidth width)
    {
        int i = 0;
        if (width >= SimdWidth.V512)
        {
            var va = Vector512.Create(a);
            for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
            {
                MultiplyAdd(va, Vector512.Load(x + i), Vector512.Load(y + i)).Store(y + i);
            }
        }

        if (width >= SimdWidth.V256)
        {
            var va = Vector256.Create(a);
            for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
            {
                MultiplyAdd(va, Vector256.Load(x + i), Vector256.Load(y + i)).Store(y + i);
            }
        }

        if (width >= SimdWidth.V128)
        {
            var va = Vector128.Create(a);
            for (; i + Vector128<float>.Count <= count; i += Vector128<float>.Count)
            {
                MultiplyAdd(va, Vector128.Load(x + i), Vector128.Load(y + i)).Store(y + i);
            }
        }

        for (; i < count; i++)
        {
            y[i] = MultiplyAdd(a, x[i], y[i]);
        }
    }

    /// <summary>a b + c, fused when the machine fuses.</summary>
    public static float MultiplyAdd(float a, float b, float c) => Fused ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>a b + c per lane, fused when the machine fuses.</summary>
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fused ? Vector128.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>a b + c per lane, fused when the machine fuses.</summary>
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fused ? Vector256.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>a b + c per lane, fused when the machine fuses.</summary>
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Fused ? Vector512.FusedMultiplyAdd(a, b, c) : (a * b) + c;
}
