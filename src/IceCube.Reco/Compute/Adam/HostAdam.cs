using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The Adam / AdamW step of <see cref="AdamKernels"/> on the host, vectorised, with that kernel's operations in its
/// order (no fused multiply-add), so parameters and moments match it bit for bit.
/// </summary>
internal static unsafe class HostAdam
{
    /// <summary>Updates <paramref name="length"/> parameters and their moments in place.</summary>
    public static void Update(
        float* parameters, float* gradients, float* firstMoment, float* secondMoment, int length, AdamSettings settings)
    {
        if (length <= 0)
        {
            return;
        }

        var body = new Body(parameters, gradients, firstMoment, secondMoment, length, settings);
        HostParallel.For(HostParallel.ChunkCount(length, HostElementwise.ChunkLength), body);
    }

    // Whole vectors from start while they fit; returns the first element not done.
    private static int Step<TVec>(float* p, float* g, float* m, float* v, int start, int count, in AdamSettings s)
        where TVec : struct, IFloatVector<TVec>
    {
        int n = TVec.Count;
        int end = start + ((count - start) / n * n);
        var decay = TVec.Create(s.LearningRate * s.WeightDecay);
        var weightDecay = TVec.Create(s.WeightDecay);
        var beta1 = TVec.Create(s.Beta1);
        var beta2 = TVec.Create(s.Beta2);
        var oneMinusBeta1 = TVec.Create(1f - s.Beta1);
        var oneMinusBeta2 = TVec.Create(1f - s.Beta2);
        var rate = TVec.Create(s.LearningRate);
        var correction1 = TVec.Create(s.Correction1);
        var correction2 = TVec.Create(s.Correction2);
        var epsilon = TVec.Create(s.Epsilon);
        bool decoupled = s.Decoupled;
        for (int i = start; i < end; i += n)
        {
            var pi = TVec.Load(p + i);
            var gi = TVec.Load(g + i);
            if (decoupled)
            {
                pi = TVec.Subtract(pi, TVec.Multiply(decay, pi));
            }
            else
            {
                gi = TVec.Add(gi, TVec.Multiply(weightDecay, pi));
            }

            var mi = TVec.Add(TVec.Multiply(beta1, TVec.Load(m + i)), TVec.Multiply(oneMinusBeta1, gi));
            var vi = TVec.Add(TVec.Multiply(beta2, TVec.Load(v + i)), TVec.Multiply(TVec.Multiply(oneMinusBeta2, gi), gi));
            TVec.Store(mi, m + i);
            TVec.Store(vi, v + i);
            var stepSize = TVec.Multiply(rate, TVec.Divide(mi, correction1));
            var denominator = TVec.Add(TVec.Sqrt(TVec.Divide(vi, correction2)), epsilon);
            TVec.Store(TVec.Subtract(pi, TVec.Divide(stepSize, denominator)), p + i);
        }

        return end;
    }

    private readonly struct Body(float* p, float* g, float* m, float* v, int length, AdamSettings settings)
        : IParallelBody
    {
        public void Run(int chunk)
        {
            int start = chunk * HostElementwise.ChunkLength;
            var step = new StepBody(
                p + start, g + start, m + start, v + start, Math.Min(HostElementwise.ChunkLength, length - start),
                settings);
            SimdDispatch.Ladder(SimdCapability.Active, ref step);
        }
    }

    private readonly struct StepBody(float* p, float* g, float* m, float* v, int count, AdamSettings settings)
        : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => Step<TVec>(p, g, m, v, start, count, settings);
    }
}
