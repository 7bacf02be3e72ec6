namespace IceCube.Reco.Tests.Compute;

/// <summary>Column sums and the global L2 norm in double precision.</summary>
internal static class ReductionReference
{
    public static double[] ColumnSums(float[] x, int rows, int columns, float beta, float[] previous)
    {
        var sums = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += x[r * columns + c];
            }

            sums[c] = beta * (double)previous[c] + sum;
        }

        return sums;
    }

    public static double GlobalL2Norm(IEnumerable<float[]> tensors)
    {
        double sum = 0;
        foreach (var tensor in tensors)
        {
            foreach (float v in tensor)
            {
                sum += (double)v * v;
            }
        }

        return Math.Sqrt(sum);
    }
}
