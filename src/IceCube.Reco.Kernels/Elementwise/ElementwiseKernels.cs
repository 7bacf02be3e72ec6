using ILGPU;
using ILGPU.Algorithms;

namespace IceCube.Reco.Kernels;

/// <summary>
/// Pointwise kernels over contiguous float arrays: fill, copy, scale, axpy, bias add, activations and their
/// derivatives, and the rescaling step of global-norm clipping. One work item is one element.
/// </summary>
internal static class ElementwiseKernels
{
    /// <summary>x[i] = value.</summary>
    public static void Fill(Index1D worker, Chunking work, ArrayView<float> x, float value)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                x[i] = value;
            }
        }
    }

    /// <summary>destination[i] = source[i].</summary>
    public static void Copy(Index1D worker, Chunking work, ArrayView<float> source, ArrayView<float> destination)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                destination[i] = source[i];
            }
        }
    }

    /// <summary>x[i] = alpha * x[i].</summary>
    public static void Scale(Index1D worker, Chunking work, ArrayView<float> x, float alpha)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                x[i] = alpha * x[i];
            }
        }
    }

    /// <summary>y[i] = y[i] + alpha * x[i] (gradients of shared weights add up).</summary>
    public static void Axpy(Index1D worker, Chunking work, float alpha, ArrayView<float> x, ArrayView<float> y)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                y[i] += alpha * x[i];
            }
        }
    }

    /// <summary>x[r, c] = x[r, c] + bias[c] for a row-major x with <paramref name="columns"/> columns.</summary>
    public static void AddBias(
        Index1D worker, Chunking work, ArrayView<float> x, ArrayView<float> bias, int columns)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                x[i] += bias[i % columns];
            }
        }
    }

    /// <summary>y[i] = f(x[i]); x and y may be the same array.</summary>
    public static void Activate(
        Index1D worker, Chunking work, ArrayView<float> x, ArrayView<float> y, ActivationKind kind)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                y[i] = Apply(kind, x[i]);
            }
        }
    }

    /// <summary>
    /// dx[i] = dy[i] * f'(x[i]), with f' written in terms of the activation's OUTPUT y = f(x): ReLU 1 where y &gt; 0,
    /// tanh 1 - y^2, sigmoid y (1 - y). Backward passes then need only the stored outputs, and dx may overwrite dy.
    /// </summary>
    public static void ActivationBackward(
        Index1D worker, Chunking work,
        ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, ActivationKind kind)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                dx[i] = dy[i] * DerivativeFromOutput(kind, y[i]);
            }
        }
    }

    /// <summary>
    /// x[i] = x[i] * min(1, maxNorm / norm[0]): the second half of global-norm clipping. The norm stays on the
    /// device (written by <see cref="ReductionKernels.SumPartials"/>), so clipping needs no host round trip.
    /// </summary>
    public static void ClipByNorm(
        Index1D worker, Chunking work, ArrayView<float> x, ArrayView<float> norm, float maxNorm)
    {
        float total = norm[0];
        if (total <= maxNorm)
        {
            return;
        }

        float factor = maxNorm / total;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                x[i] = factor * x[i];
            }
        }
    }

    /// <summary>f(v) for one value.</summary>
    public static float Apply(ActivationKind kind, float v)
    {
        switch (kind)
        {
            case ActivationKind.Relu:
                return v > 0f ? v : 0f;
            case ActivationKind.Tanh:
                return Tanh(v);
            case ActivationKind.Sigmoid:
                return Sigmoid(v);
            default:
                return v;
        }
    }

    /// <summary>f'(x) expressed through y = f(x).</summary>
    public static float DerivativeFromOutput(ActivationKind kind, float y)
    {
        switch (kind)
        {
            case ActivationKind.Relu:
                return y > 0f ? 1f : 0f;
            case ActivationKind.Tanh:
                return 1f - y * y;
            case ActivationKind.Sigmoid:
                return y * (1f - y);
            default:
                return 1f;
        }
    }

    /// <summary>
    /// tanh to float accuracy on every accelerator. XMath.Tanh(float) on CUDA is a fast approximation (measured
    /// 5.0e-6 off at v = 1.29 on an H200, 40 float ulps), too coarse for values and gradients checked to 1e-6.
    /// exp of a non-positive argument only, so nothing overflows, and the Taylor series below |v| = 0.25, where
    /// (1 - e) / (1 + e) would lose digits to cancellation.
    /// </summary>
    public static float Tanh(float v)
    {
        float a = XMath.Abs(v);
        if (a < 0.25f)
        {
            // v - v^3/3 + 2v^5/15 - 17v^7/315 + 62v^9/2835: the next term is below 2e-9 here.
            float v2 = v * v;
            return v * (1f + (v2 * ((-1f / 3f) + (v2 * ((2f / 15f) + (v2 * ((-17f / 315f) + (v2 * (62f / 2835f)))))))));
        }

        float e = XMath.Exp(-2f * a);
        float r = (1f - e) / (1f + e);
        return v < 0f ? -r : r;
    }

    // exp of a non-positive argument only, so neither branch overflows for large |v|.
    private static float Sigmoid(float v)
    {
        if (v >= 0f)
        {
            return 1f / (1f + XMath.Exp(-v));
        }

        float e = XMath.Exp(v);
        return e / (1f + e);
    }
}
