using System.Runtime.Intrinsics;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The activations of <see cref="ElementwiseKernels"/> on host vectors, lane by lane the same values as the scalar
/// <see cref="ElementwiseKernels.Apply"/> and <see cref="ElementwiseKernels.DerivativeFromOutput"/>. Identity and
/// ReLU (the presets' choices) stay in registers; tanh and sigmoid go lane by lane through the scalar functions, so
/// every width rounds them alike.
/// </summary>
internal static unsafe class HostActivation
{
    /// <summary>f applied to each lane of <paramref name="v"/>.</summary>
    public static Vector512<float> Forward(Vector512<float> v, ActivationKind kind) => kind switch
    {
        ActivationKind.Identity => v,
        ActivationKind.Relu => Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<float>.Zero), v, Vector512<float>.Zero),
        _ => Lanes(v, kind),
    };

    /// <summary>f applied to each lane of <paramref name="v"/>.</summary>
    public static Vector256<float> Forward(Vector256<float> v, ActivationKind kind) => kind switch
    {
        ActivationKind.Identity => v,
        ActivationKind.Relu => Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, Vector256<float>.Zero),
        _ => Lanes(v, kind),
    };

    /// <summary>f applied to each lane of <paramref name="v"/>.</summary>
    public static Vector128<float> Forward(Vector128<float> v, ActivationKind kind) => kind switch
    {
        ActivationKind.Identity => v,
        ActivationKind.Relu => Vector128.ConditionalSelect(Vector128.GreaterThan(v, Vector128<float>.Zero), v, Vector128<float>.Zero),
        _ => Lanes(v, kind),
    };

    /// <summary>dz[i] = dy[i] f'(z[i]) for i &lt; <paramref name="count"/>, f' written through the output y = f(z).</summary>
    public static void Backward(float* y, float* dy, float* dz, int count, ActivationKind kind, SimdWidth width)
    {
        int i = 0;
        if (kind is ActivationKind.Identity or ActivationKind.Relu)
        {
            // f' is 1, or 1 and 0 by the sign of y: the same product dy * f' the scalar kernel forms, lane by lane.
            if (width >= SimdWidth.V512)
            {
                for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
                {
                    (Vector512.Load(dy + i) * Derivative(Vector512.Load(y + i), kind)).Store(dz + i);
                }
            }

            if (width >= SimdWidth.V256)
            {
                for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
                {
                    (Vector256.Load(dy + i) * Derivative(Vector256.Load(y + i), kind)).Store(dz + i);
                }
            }

            if (width >= SimdWidth.V128)
            {
                for (; i + Vector128<float>.Count <= count; i += Vector128<float>.Count)
                {
                    (Vector128.Load(dy + i) * Derivative(Vector128.Load(y + i), kind)).Store(dz + i);
                }
            }
        }

        for (; i < count; i++)
        {
            dz[i] = dy[i] * ElementwiseKernels.DerivativeFromOutput(kind, y[i]);
        }
    }

    private static Vector512<float> Derivative(Vector512<float> y, ActivationKind kind) =>
        kind == ActivationKind.Relu
            ? Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero)
            : Vector512<float>.One;

    private static Vector256<float> Derivative(Vector256<float> y, ActivationKind kind) =>
        kind == ActivationKind.Relu
            ? Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), Vector256<float>.One, Vector256<float>.Zero)
            : Vector256<float>.One;

    private static Vector128<float> Derivative(Vector128<float> y, ActivationKind kind) =>
        kind == ActivationKind.Relu
            ? Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), Vector128<float>.One, Vector128<float>.Zero)
            : Vector128<float>.One;

    private static Vector512<float> Lanes(Vector512<float> v, ActivationKind kind)
    {
        Span<float> lanes = stackalloc float[Vector512<float>.Count];
        v.CopyTo(lanes);
        Apply(lanes, kind);
        return Vector512.Create<float>(lanes);
    }

    private static Vector256<float> Lanes(Vector256<float> v, ActivationKind kind)
    {
        Span<float> lanes = stackalloc float[Vector256<float>.Count];
        v.CopyTo(lanes);
        Apply(lanes, kind);
        return Vector256.Create<float>(lanes);
    }

    private static Vector128<float> Lanes(Vector128<float> v, ActivationKind kind)
    {
        Span<float> lanes = stackalloc float[Vector128<float>.Count];
        v.CopyTo(lanes);
        Apply(lanes, kind);
        return Vector128.Create<float>(lanes);
    }

    private static void Apply(Span<float> lanes, ActivationKind kind)
    {
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = ElementwiseKernels.Apply(kind, lanes[i]);
        }
    }
}
