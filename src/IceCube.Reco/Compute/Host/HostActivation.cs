using System.Runtime.CompilerServices;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The activations of <see cref="ElementwiseKernels"/> on host vectors, lane by lane the same values as the scalar
/// <see cref="ElementwiseKernels.Apply"/> and <see cref="ElementwiseKernels.DerivativeFromOutput"/>. Identity and
/// ReLU (the presets' choices) stay in registers; tanh and sigmoid go lane by lane through the scalar functions, so
/// every width rounds them alike. Their derivatives from the output (1 - y^2, y (1 - y)) are the kernel's IEEE
/// operations in its order, so they stay in registers too.
/// </summary>
internal static unsafe class HostActivation
{
    /// <summary>y[i] = f(y[i]) for i &lt; <paramref name="count"/>, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Forward(float* y, int count, ActivationKind kind, SimdWidth width)
    {
        var body = new ForwardBody(y, count, kind);
        SimdDispatch.Ladder(width, ref body);
    }

    /// <summary>dz[i] = dy[i] f'(z[i]) for i &lt; <paramref name="count"/>, f' written through the output y = f(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Backward(float* y, float* dy, float* dz, int count, ActivationKind kind, SimdWidth width)
    {
        var body = new BackwardBody(y, dy, dz, count, kind);
        SimdDispatch.Ladder(width, ref body);
    }

    /// <summary>f applied to each lane of <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Forward<TVec>(TVec v, ActivationKind kind)
        where TVec : struct, IFloatVector<TVec> => kind switch
        {
            ActivationKind.Identity => v,
            ActivationKind.Relu => TVec.WhereGreaterThanZero(v, v),
            _ => Lanes(v, kind),
        };

    // f' from the output y, each lane the operations of ElementwiseKernels.DerivativeFromOutput in its order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Derivative<TVec>(TVec y, ActivationKind kind)
        where TVec : struct, IFloatVector<TVec>
    {
        var one = TVec.Create(1f);
        return kind switch
        {
            ActivationKind.Relu => TVec.WhereGreaterThanZero(y, one),
            ActivationKind.Tanh => TVec.Subtract(one, TVec.Multiply(y, y)),
            ActivationKind.Sigmoid => TVec.Multiply(y, TVec.Subtract(one, y)),
            _ => one,
        };
    }

    private static TVec Lanes<TVec>(TVec v, ActivationKind kind)
        where TVec : struct, IFloatVector<TVec>
    {
        float* lanes = stackalloc float[TVec.Count];
        TVec.Store(v, lanes);
        for (int i = 0; i < TVec.Count; i++)
        {
            lanes[i] = ElementwiseKernels.Apply(kind, lanes[i]);
        }

        return TVec.Load(lanes);
    }

    // y = f(y) for whole vectors from i; returns the first element not done.
    private static int Forward<TVec>(int i, float* y, int count, ActivationKind kind)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; i + TVec.Count <= count; i += TVec.Count)
        {
            TVec.Store(Forward(TVec.Load(y + i), kind), y + i);
        }

        return i;
    }

    // dz = dy f'(from y) for whole vectors from i; returns the first element not done.
    private static int Backward<TVec>(int i, float* y, float* dy, float* dz, int count, ActivationKind kind)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; i + TVec.Count <= count; i += TVec.Count)
        {
            TVec.Store(TVec.Multiply(TVec.Load(dy + i), Derivative(TVec.Load(y + i), kind)), dz + i);
        }

        return i;
    }

    private readonly struct ForwardBody(float* y, int count, ActivationKind kind) : IVectorLoopBody
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => Forward<TVec>(start, y, count, kind);
    }

    private readonly struct BackwardBody(float* y, float* dy, float* dz, int count, ActivationKind kind)
        : IVectorLoopBody
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => Backward<TVec>(start, y, dy, dz, count, kind);
    }
}
