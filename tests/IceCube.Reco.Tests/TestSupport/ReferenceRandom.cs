namespace IceCube.Reco.Tests.TestSupport;

/// <summary>
/// A seeded source of test data: the same seed gives the same arrays on every machine and run, so a
/// failing test can be replayed exactly. Wraps <see cref="Random"/>, whose seeded sequence is stable.
/// </summary>
internal sealed class ReferenceRandom
{
    private readonly Random random;

    /// <summary>Creates a generator whose whole output is fixed by <paramref name="seed"/>.</summary>
    public ReferenceRandom(int seed)
    {
        random = new Random(seed);
    }

    /// <summary>One value drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary><paramref name="count"/> values drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double[] Uniform(int count, double low = -1.0, double high = 1.0)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = NextUniform(low, high);
        }

        return values;
    }

    /// <summary>
    /// <paramref name="count"/> values with a random sign and a magnitude in [<paramref name="minMagnitude"/>,
    /// <paramref name="maxMagnitude"/>): useful where a value must stay away from zero (a kink or a division).
    /// </summary>
    public double[] AwayFromZero(int count, double minMagnitude, double maxMagnitude)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double magnitude = NextUniform(minMagnitude, maxMagnitude);
            values[i] = random.Next(2) == 0 ? -magnitude : magnitude;
        }

        return values;
    }

    /// <summary>One integer drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public int NextInt(int low, int high) => random.Next(low, high);

    /// <summary>
    /// A random unit vector in 3D, uniform on the sphere: points drawn in the cube are kept only inside the
    /// unit ball (and away from its centre, where normalising would amplify rounding), then normalised.
    /// </summary>
    public double[] UnitVector3()
    {
        while (true)
        {
            double x = NextUniform(-1.0, 1.0);
            double y = NextUniform(-1.0, 1.0);
            double z = NextUniform(-1.0, 1.0);
            double norm = Math.Sqrt((x * x) + (y * y) + (z * z));
            if (norm > 0.1 && norm <= 1.0)
            {
                return [x / norm, y / norm, z / norm];
            }
        }
    }
}
