namespace IceCube.Reco.Tests.TestSupport;

/// <summary>Reproducible host inputs for kernel tests.</summary>
internal static class HostData
{
    /// <summary><paramref name="length"/> floats uniform in [-scale, scale) from a fixed seed.</summary>
    public static float[] Uniform(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return values;
    }
}
