namespace IceCube.Reco.Simulation;

/// <summary>
/// Depth-dependent optical properties of the South Pole ice at 400 nm, as a function of detector z (m): effective
/// scattering length and absorption length, interpolated linearly between anchor depths that follow the published
/// pattern (moderate ice at the top, the dust layer near z = -90, the clearest ice below z = -250). Paths are
/// handled through cumulative integrals of the inverse lengths, so the attenuation of a slanted path averages over
/// every layer it crosses; callers cache the integrals at fixed heights (sensors, a cascade's vertex).
/// </summary>
internal sealed class IceModel
{
    // Anchors (z in m, absorption length in m, effective scattering length in m), top to bottom. The dust layer
    // between z = -40 and -140 bottoms out at 18 m / 5 m; below z = -250 the ice reaches 180-276 m / 50-90 m.
    private static readonly (double Z, double Absorption, double Scattering)[] Anchors =
    [
        (650.0, 95.0, 22.0),
        (500.0, 100.0, 25.0),
        (300.0, 130.0, 35.0),
        (100.0, 140.0, 38.0),
        (-30.0, 110.0, 30.0),
        (-60.0, 35.0, 9.0),
        (-90.0, 18.0, 5.0),
        (-130.0, 35.0, 9.0),
        (-160.0, 110.0, 30.0),
        (-250.0, 180.0, 50.0),
        (-400.0, 240.0, 75.0),
        (-520.0, 276.0, 90.0),
        (-700.0, 276.0, 90.0),
    ];

    // The cumulative tables cover z in [Bottom, Bottom + Cells * Step]; beyond it the edge values hold.
    private const double Bottom = -1500.0;
    private const double Step = 1.0;
    private const int Cells = 3000;
    private const double BandHeight = 10.0;
    private const int Bands = 300;

    private readonly double[] _cumulativeInverseAttenuation = new double[Cells + 1];
    private readonly double[] _cumulativeInverseScattering = new double[Cells + 1];
    private readonly double[] _cumulativeInverseAbsorption = new double[Cells + 1];
    private readonly double[] _bandLongest = new double[Bands];

    /// <summary>The model shared by all simulations (it is immutable).</summary>
    public static IceModel Default { get; } = new();

    private IceModel()
    {
        for (var i = 1; i <= Cells; i++)
        {
            // Midpoint rule per 1 m cell: the anchors vary over tens of metres, so this is exact enough.
            var z = Bottom + (i - 0.5) * Step;
            var (absorption, scattering) = Lengths(z);
            _cumulativeInverseAttenuation[i] = _cumulativeInverseAttenuation[i - 1] + Step / AttenuationLength(absorption, scattering);
            _cumulativeInverseScattering[i] = _cumulativeInverseScattering[i - 1] + Step / scattering;
            _cumulativeInverseAbsorption[i] = _cumulativeInverseAbsorption[i - 1] + Step / absorption;
        }

        // The longest attenuation length in each band of BandHeight m, sampled every metre (the lengths vary
        // smoothly between anchors tens of metres apart), padded by 1% for what falls between samples.
        for (var band = 0; band < Bands; band++)
        {
            var longest = 0.0;
            for (var z = Bottom + band * BandHeight; z <= Bottom + (band + 1) * BandHeight; z += Step)
            {
                var (absorption, scattering) = Lengths(z);
                longest = Math.Max(longest, AttenuationLength(absorption, scattering));
            }

            _bandLongest[band] = 1.01 * longest;
        }

        LongestAttenuationLength = _bandLongest.Max();
    }

    /// <summary>The longest attenuation length anywhere (m): bounds how far any light can reach.</summary>
    public double LongestAttenuationLength { get; }

    /// <summary>
    /// The longest attenuation length (m) anywhere between heights <paramref name="zLow"/> and
    /// <paramref name="zHigh"/> (m): bounds the attenuation of any path that stays between them.
    /// </summary>
    public double LongestAttenuationLengthBetween(double zLow, double zHigh)
    {
        var first = (int)Math.Clamp(Math.Floor((zLow - Bottom) / BandHeight), 0, Bands - 1);
        var last = (int)Math.Clamp(Math.Floor((zHigh - Bottom) / BandHeight), 0, Bands - 1);
        var longest = 0.0;
        for (var band = first; band <= last; band++)
        {
            longest = Math.Max(longest, _bandLongest[band]);
        }

        return longest;
    }

    /// <summary>
    /// In the diffusive regime light falls as exp(-d / L) with L = sqrt(absorption * scattering / 3) (m).
    /// </summary>
    public static double AttenuationLength(double absorption, double scattering) =>
        Math.Sqrt(absorption * scattering / 3.0);

    /// <summary>Absorption and effective scattering lengths (m) at height <paramref name="z"/> (m).</summary>
    public static (double Absorption, double Scattering) Lengths(double z)
    {
        if (z >= Anchors[0].Z)
        {
            return (Anchors[0].Absorption, Anchors[0].Scattering);
        }

        for (var i = 1; i < Anchors.Length; i++)
        {
            if (z >= Anchors[i].Z)
            {
                var upper = Anchors[i - 1];
                var lower = Anchors[i];
                var f = (z - lower.Z) / (upper.Z - lower.Z);
                return (lower.Absorption + f * (upper.Absorption - lower.Absorption),
                    lower.Scattering + f * (upper.Scattering - lower.Scattering));
            }
        }

        var last = Anchors[^1];
        return (last.Absorption, last.Scattering);
    }

    /// <summary>Integral of 1 / attenuation length over height from the table's bottom up to z (dimensionless).</summary>
    public double CumulativeAttenuation(double z) => Cumulative(_cumulativeInverseAttenuation, z);

    /// <summary>Integral of 1 / scattering length over height up to z.</summary>
    public double CumulativeScattering(double z) => Cumulative(_cumulativeInverseScattering, z);

    /// <summary>Integral of 1 / absorption length over height up to z.</summary>
    public double CumulativeAbsorption(double z) => Cumulative(_cumulativeInverseAbsorption, z);

    /// <summary>The local 1 / attenuation length (1/m) at z, averaged over +-1 m.</summary>
    public double InverseAttenuationAt(double z) => LocalMean(_cumulativeInverseAttenuation, z);

    /// <summary>The local 1 / scattering length (1/m) at z, averaged over +-1 m.</summary>
    public double InverseScatteringAt(double z) => LocalMean(_cumulativeInverseScattering, z);

    /// <summary>The local 1 / absorption length (1/m) at z, averaged over +-1 m.</summary>
    public double InverseAbsorptionAt(double z) => LocalMean(_cumulativeInverseAbsorption, z);

    /// <summary>
    /// The mean of a quantity along a straight path from heights z1 to z2 (m), from its cumulative integral at
    /// both ends: the integral over z divided by the height difference. A nearly horizontal path (under 2 m of
    /// height change) takes <paramref name="local"/>, the local value at one end, instead of dividing by almost
    /// nothing.
    /// </summary>
    public static double PathMean(double cumulative1, double cumulative2, double z1, double z2, double local)
    {
        var dz = z2 - z1;
        return Math.Abs(dz) < 2.0 * Step ? local : (cumulative2 - cumulative1) / dz;
    }

    private static double LocalMean(double[] cumulative, double z) =>
        (Cumulative(cumulative, z + Step) - Cumulative(cumulative, z - Step)) / (2.0 * Step);

    private static double Cumulative(double[] cumulative, double z)
    {
        var position = (z - Bottom) / Step;
        if (position <= 0.0)
        {
            return cumulative[0] + position * (cumulative[1] - cumulative[0]);
        }

        if (position >= Cells)
        {
            return cumulative[Cells] + (position - Cells) * (cumulative[Cells] - cumulative[Cells - 1]);
        }

        var cell = (int)position;
        var f = position - cell;
        return cumulative[cell] + f * (cumulative[cell + 1] - cumulative[cell]);
    }
}
