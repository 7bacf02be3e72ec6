namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The plain product in double precision: C = alpha * op(A) * op(B) + beta * C0 + bias, row-major, with A stored
/// [m, k] (or [k, m] when transposed) and B stored [k, n] (or [n, k]). Also returns, per element, the sum of
/// |alpha * a * b| terms, which bounds the float kernel's rounding error.
/// </summary>
internal static class GemmReference
{
    public static (double[] C, double[] Magnitude) Multiply(
        float[] a, bool transposeA, float[] b, bool transposeB, float[]? c0,
        int m, int n, int k, float alpha, float beta, float[]? bias)
    {
        var c = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transposeA ? a[p * m + i] : a[i * k + p];
                    double y = transposeB ? b[j * k + p] : b[p * n + j];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }

                double value = alpha * sum;
                double bound = Math.Abs(alpha) * abs;
                if (bias is not null)
                {
                    value += bias[j];
                    bound += Math.Abs(bias[j]);
                }

                if (beta != 0 && c0 is not null)
                {
                    value += beta * (double)c0[i * n + j];
                    bound += Math.Abs(beta * (double)c0[i * n + j]);
                }

                c[i * n + j] = value;
                magnitude[i * n + j] = bound;
            }
        }

        return (c, magnitude);
    }
}
