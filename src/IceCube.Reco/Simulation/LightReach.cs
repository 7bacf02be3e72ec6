namespace IceCube.Reco.Simulation;

/// <summary>
/// How far light of a given brightness can matter: the distance d (m) at which brightness * exp(-d / L) / d^power
/// falls to a threshold, for a line source (power 1) or a point source (power 2) in ice whose attenuation length
/// is at most L. With d = L x the condition becomes y = x + power ln x, where y = ln(brightness / threshold) -
/// power ln L, so one table of x over y serves every L. It is read at the next grid point up, which is
/// conservative because x grows with y.
/// </summary>
internal static class LightReach
{
    // Nothing is nearer than this (m); the light model treats shorter distances as this.
    public const double MinimumDistance = 2.0;

    // Grid over y: 64 points per unit from -20 to 40.
    private const int PointsPerUnit = 64;
    private const double Lowest = -20.0;
    private const int Points = 60 * PointsPerUnit + 1;

    private static readonly double[] Line = Tabulate(1);
    private static readonly double[] Point = Tabulate(2);

    /// <summary>
    /// The distance (m) beyond which a source gives less than <paramref name="threshold"/> p.e. in ice with
    /// attenuation lengths up to <paramref name="attenuationLength"/> (m).
    /// </summary>
    /// <param name="brightness">Expected p.e. at 1 m before attenuation.</param>
    /// <param name="power">1 for a line source (light falls as 1/d), 2 for a point source (1/d^2).</param>
    /// <param name="threshold">Expected p.e. that no longer matter.</param>
    /// <param name="attenuationLength">The longest attenuation length (m) the light can travel through.</param>
    public static double Distance(double brightness, int power, double threshold, double attenuationLength)
    {
        var y = Math.Log(brightness / threshold) - power * Math.Log(attenuationLength);
        if (double.IsNaN(y))
        {
            return MinimumDistance;
        }

        var position = (y - Lowest) * PointsPerUnit;
        double x;
        if (position <= 0.0)
        {
            x = (power == 1 ? Line : Point)[0];
        }
        else if (position < Points - 1)
        {
            x = (power == 1 ? Line : Point)[(int)Math.Ceiling(position)];
        }
        else
        {
            x = Solve(y, power);
        }

        return Math.Max(MinimumDistance, attenuationLength * x);
    }

    private static double[] Tabulate(int power)
    {
        var table = new double[Points];
        for (var k = 0; k < Points; k++)
        {
            table[k] = Solve(Lowest + (double)k / PointsPerUnit, power);
        }

        return table;
    }

    // x + power ln x rises monotonically from -infinity, so y = x + power ln x has one root; bisection on ln x
    // over [-60, 10] (x from 1e-26 to 2e4), 60 halvings.
    private static double Solve(double y, int power)
    {
        var low = -60.0;
        var high = 10.0;
        for (var i = 0; i < 60; i++)
        {
            var mid = 0.5 * (low + high);
            if (Math.Exp(mid) + power * mid < y)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return Math.Exp(high);
    }
}
