using ILGPU;
using ILGPU.Algorithms;

namespace IceCube.Reco.Kernels;

/// <summary>
/// One bias-corrected Adam or AdamW step over a parameter tensor, elementwise:
/// g' = g + wd * p (Adam's L2 term; AdamW instead shrinks p by lr * wd first),
/// m = b1 m + (1 - b1) g', v = b2 v + (1 - b2) g'^2, p = p - lr * (m / c1) / (sqrt(v / c2) + eps),
/// with c1 = 1 - b1^t and c2 = 1 - b2^t (Kingma and Ba; Loshchilov and Hutter for the decoupled decay).
/// </summary>
internal static class AdamKernels
{
    /// <summary>Updates parameters, first and second moments in place.</summary>
    public static void Update(
        Index1D worker, Chunking work,
        ArrayView<float> parameters, ArrayView<float> gradients,
        ArrayView<float> firstMoment, ArrayView<float> secondMoment, AdamSettings s)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                float p = parameters[i];
                float g = gradients[i];
                if (s.Decoupled)
                {
                    p -= s.LearningRate * s.WeightDecay * p;
                }
                else
                {
                    g += s.WeightDecay * p;
                }

                float m = s.Beta1 * firstMoment[i] + (1f - s.Beta1) * g;
                float v = s.Beta2 * secondMoment[i] + (1f - s.Beta2) * g * g;
                firstMoment[i] = m;
                secondMoment[i] = v;
                parameters[i] = p - s.LearningRate * (m / s.Correction1) / (XMath.Sqrt(v / s.Correction2) + s.Epsilon);
            }
        }
    }
}
