using IceCube.Reco.Compute;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// Runs a host-SIMD computation under every vector width this machine offers and under 1 and 2 threads, and checks
/// that every variant produces the same bits as the widest width on all threads (the default settings).
/// </summary>
internal static class HostVariants
{
    /// <summary>The widths a test can force here: scalar up to the machine's best.</summary>
    public static SimdWidth[] Widths => [.. Enum.GetValues<SimdWidth>().Where(w => w <= SimdCapability.Best)];

    /// <summary>
    /// Returns the outputs of <paramref name="compute"/> at the default settings after asserting that every width
    /// with 1 and with 2 threads reproduces each output bit for bit. The settings are restored afterwards.
    /// </summary>
    public static float[][] AssertAllAgree(Func<float[][]> compute)
    {
        var savedWidth = SimdCapability.Active;
        int savedThreads = HostParallel.ThreadCount;
        try
        {
            float[][] expected = compute();
            foreach (var width in Widths)
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    SimdCapability.Active = width;
                    HostParallel.ThreadCount = threads;
                    float[][] got = compute();
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.That(
                            got[i].Select(BitConverter.SingleToInt32Bits),
                            Is.EqualTo(expected[i].Select(BitConverter.SingleToInt32Bits)),
                            $"output {i} at {width} with {threads} thread(s) differs from the default settings");
                    }
                }
            }

            return expected;
        }
        finally
        {
            SimdCapability.Active = savedWidth;
            HostParallel.ThreadCount = savedThreads;
        }
    }
}
