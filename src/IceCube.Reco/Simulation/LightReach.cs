namespace IceCube.Reco.Simulation;

/// <summary>
/// How far light of a given brightness can matter: the distance d (m) at which brightness * exp(-d / L) / d^power
/// falls to a threshold, with L the longest attenuation length of the ice (so the bound holds everywhere), for a
/// line source (power 1) or a point source (power 2). Tabulated once over ln(brightness / threshold) and read at
/// the next grid point up, which is conservative because the distance grows with the ratio.
/// </summary>
internal static class LightReach
{
    // Nothing is nearer than this (m); the light model treats shorter distances as this.
    public const double MinimumDistance = 2.0;

    // Grid over ln(brightness / threshold): 64 points per unit up to 40 (a ratio of 2e17).
    private const int PointsPerUnit = 64;
    private const int Points = 40 * PointsPerUnit + 1;

    private static readonly double[] Line = Tabulate(1);
    private static readonly double[] Point = Tabulate(2);

    /// <summary>The distance (m) beyond which a source gives less than <paramref name="threshold"/> p.e.</summary>
    /// <param name="brightness">Expected p.e. at 1 m before attenuation.</param>
    /// <param name="power">1 for a line source (light falls as 1/d), 2 for a point source (1/d^2).</param>
    /// <param name="threshold">Expected p.e. that no longer matter.</param>
    public static double Distance(double brightness, int power, double threshold)
    {
        var ratio = Math.Log(brightness / threshold);
        if (!(ratio > 0.0))
        {
            return MinimumDistance;
        }

        var k = (int)Math.Ceiling(ratio * PointsPerUnit);
        return k < Points ? (power == 1 ? Line : Point)[k] : Solve(ratio, power);
    }

    private static double[] Tabulate(int power)
    {
        var table = new double[Points];
        for (var k = 0; k < Points; k++)
        {
            table[k] = Solve((double)k / PointsPerUnit, power);
        }

        return table;
    }

    // Bisection on ln(ratio) - d / L - power ln(d) = 0 over [MinimumDistance, 5 km]; 30 halvings leave 5 um.
    private static double Solve(double logRatio, int power)
    {
        var length = IceModel.Default.LongestAttenuationLength;
        double Excess(double d) => logRatio - d / length - power * Math.Log(d);
        var low = MinimumDistance;
        var high = 5000.0;
        if (Excess(low) <= 0.0)
        {
            return low;
        }

        for (var i = 0; i < 30; i++)
        {
            var mid = 0.5 * (low + high);
            if (Excess(mid) > 0.0)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }
}
