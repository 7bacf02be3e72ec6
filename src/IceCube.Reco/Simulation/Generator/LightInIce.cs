namespace IceCube.Reco.Simulation;

/// <summary>
/// What the track light and the cascade light share: the speeds of the muon and of light in ice, the Cherenkov
/// angle, how far a source's light can matter in the ice around it, the sensors' angular acceptance and the
/// exponential the light model uses.
/// </summary>
internal static class LightInIce
{
    // Light in ice and the muon (m/ns): c, and c over the group index 1.35634 at 400 nm.
    public const double SpeedOfLight = 0.299792458;
    public const double GroupVelocity = 0.2210;

    // Cherenkov angle for the phase index 1.3195: acos(1 / 1.3195) = 40.7 degrees.
    public const double CosCherenkov = 1.0 / 1.3195;

    /// <summary>ln 2, for the lower bound ln(d) >= floor(log2 d) ln 2 that rejects far sensors cheaply.</summary>
    public static readonly double Ln2 = Math.Log(2.0);

    /// <summary>
    /// The reach (m) of a source spanning heights [<paramref name="zLow"/>, <paramref name="zHigh"/>] (m): first
    /// with the clearest ice anywhere, then with the clearest ice a path can cross. A path that matters joins a point
    /// of the source to a sensor at most that first reach away, so it stays within
    /// [max(zLow, bottom) - reach, min(zHigh, top) + reach].
    /// </summary>
    /// <param name="ice">The ice.</param>
    /// <param name="layout">The detector, for its bottom and top.</param>
    /// <param name="brightness">Expected p.e. at 1 m before attenuation.</param>
    /// <param name="power">1 for a line source, 2 for a point source.</param>
    /// <param name="threshold">Expected p.e. that no longer matter.</param>
    /// <param name="zLow">Lowest height of the source.</param>
    /// <param name="zHigh">Highest height of the source.</param>
    public static double LocalReach(
        IceModel ice, DetectorLayout layout, double brightness, int power, double threshold, double zLow, double zHigh)
    {
        var reach = LightReach.Distance(brightness, power, threshold, ice.LongestAttenuationLength);
        var from = Math.Max(zLow, layout.Bottom) - reach;
        var to = Math.Min(zHigh, layout.Top) + reach;
        if (!(to >= from))
        {
            return reach;
        }

        return Math.Min(reach, LightReach.Distance(brightness, power, threshold, ice.LongestAttenuationLengthBetween(from, to)));
    }

    /// <summary>
    /// Sensors look down: light arriving from below (<paramref name="upward"/> = +1) is favoured, from above (-1)
    /// disfavoured, and the preference fades with the <paramref name="unscattered"/> fraction of the light, as
    /// scattering randomises its direction.
    /// </summary>
    public static double Acceptance(double upward, double unscattered) =>
        0.6 + 0.4 * Math.Clamp(upward, -1.0, 1.0) * unscattered;

    /// <summary>
    /// exp(<paramref name="x"/>) in single precision: the light model's smooth factors need about 7 digits, which
    /// it gives at about half the cost of the double one.
    /// </summary>
    public static double FastExp(double x) => MathF.Exp((float)x);
}
