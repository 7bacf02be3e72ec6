namespace IceCube.Reco.Simulation;

/// <summary>
/// The light of a cascade: a point source whose shower axis is the travel direction v. Its light peaks at the
/// Cherenkov angle around the axis with a broad floor, falls as 1/d^2 and with the ice's attenuation along the path,
/// and scattering washes the peak out towards the isotropic mean.
/// </summary>
internal sealed class CascadeLight
{
    // Mean of the angular profile over the sphere, the value fully scattered light tends to.
    private static readonly double MeanProfile = ComputeMeanProfile();

    private readonly DetectorLayout _layout;
    private readonly IceModel _ice;
    private readonly EventSources _sources;
    private readonly PhotonEmitter _photons;

    /// <summary>Creates the cascade light of one worker, reading <paramref name="sources"/> and filling <paramref name="photons"/>.</summary>
    public CascadeLight(DetectorLayout layout, IceModel ice, EventSources sources, PhotonEmitter photons)
    {
        _layout = layout;
        _ice = ice;
        _sources = sources;
        _photons = photons;
    }

    /// <summary>
    /// The peak of the angular profile: a cascade's brightness towards any sensor is at most its yield times this.
    /// </summary>
    public static double MaxProfile { get; } = Profile(LightInIce.CosCherenkov);

    /// <summary>Emits the photons of <paramref name="cascade"/> on the sensors in the photons' current band.</summary>
    public void Add(ref CounterRandom rng, in Cascade cascade)
    {
        var (cx, cy, cz, start, yield) = cascade;
        var (vx, vy, vz) = (_sources.Vx, _sources.Vy, _sources.Vz);
        var floor = _photons.Floor;
        var reach = LightInIce.LocalReach(_ice, _layout, yield * MaxProfile * _layout.MaxEfficiency, 2, floor, cz, cz);
        var radius = reach + _layout.StringSpread;
        var logBudget = Math.Log(yield * MaxProfile * _layout.MaxEfficiency / floor);
        var cumulativeAttenuation = _ice.CumulativeAttenuation(cz);
        var cumulativeScattering = _ice.CumulativeScattering(cz);
        for (var s = 0; s < _layout.StringCount; s++)
        {
            if (!_sources.CascadeRange(s, cascade, radius * radius, out var zLow, out var zHigh))
            {
                continue;
            }

            foreach (var sensor in _layout.SensorsBetween(s, zLow, zHigh))
            {
                var px = _layout.X[sensor] - cx;
                var py = _layout.Y[sensor] - cy;
                var pz = _layout.Z[sensor] - cz;
                var distance = Math.Sqrt(px * px + py * py + pz * pz);
                var effective = Math.Max(distance, LightReach.MinimumDistance);
                var sensorZ = _layout.Z[sensor];
                var attenuation = distance * IceModel.PathMean(
                    cumulativeAttenuation, _layout.CumulativeAttenuation[sensor], cz, sensorZ, _layout.InverseAttenuation[sensor]);
                // ln(d^2) >= 2 floor(log2 d) ln 2 rejects the far sensors without a transcendental call.
                if (attenuation + 2 * double.ILogB(effective) * LightInIce.Ln2 > logBudget)
                {
                    continue;
                }

                var bound = yield * MaxProfile * _layout.Efficiency[sensor] * LightInIce.FastExp(-attenuation)
                    / (effective * effective);
                if (bound < floor)
                {
                    continue;
                }

                var inverseScattering = IceModel.PathMean(
                    cumulativeScattering, _layout.CumulativeScattering[sensor], cz, sensorZ, _layout.InverseScattering[sensor]);
                var optical = distance * inverseScattering;
                // Scattering washes the Cherenkov-angle peak out towards the isotropic mean.
                var unscattered = LightInIce.FastExp(-optical);
                var profile = unscattered * Profile((px * vx + py * vy + pz * vz) / effective)
                    + (1.0 - unscattered) * MeanProfile;
                var expected = bound * (profile / MaxProfile) * LightInIce.Acceptance(pz / effective, unscattered);
                _photons.Emit(ref rng, sensor, expected, distance, start + distance / LightInIce.GroupVelocity, cz, inverseScattering);
            }
        }
    }

    // Cascade light peaks at the Cherenkov angle around the shower axis with a broad floor.
    private static double Profile(double cosEta)
    {
        var offset = (cosEta - LightInIce.CosCherenkov) / 0.3;
        return 0.4 + 1.2 * Math.Exp(-0.5 * offset * offset);
    }

    private static double ComputeMeanProfile()
    {
        // Average over cos(eta) uniform in [-1, 1] (an isotropic sphere), midpoint rule.
        const int steps = 2000;
        var sum = 0.0;
        for (var i = 0; i < steps; i++)
        {
            sum += Profile(-1.0 + (i + 0.5) * 2.0 / steps);
        }

        return sum / steps;
    }
}
