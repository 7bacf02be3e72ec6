namespace IceCube.Reco.Tests.Compute;

/// <summary>Adam and AdamW in double precision, straight from the papers' update rules, over several steps.</summary>
internal static class AdamReference
{
    public static double[] Run(
        float[] initial, IReadOnlyList<float[]> gradients,
        double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
    {
        var p = initial.Select(v => (double)v).ToArray();
        var m = new double[p.Length];
        var v = new double[p.Length];
        for (int t = 1; t <= gradients.Count; t++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double g = gradients[t - 1][i];
                if (decoupled)
                {
                    p[i] -= learningRate * weightDecay * p[i];
                }
                else
                {
                    g += weightDecay * p[i];
                }

                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double vHat = v[i] / (1 - Math.Pow(beta2, t));
                p[i] -= learningRate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }

        return p;
    }
}
