namespace IceCube.Reco.Simulation;

/// <summary>
/// The muon track's smooth light. The muon travels along v through q; it exists for track lengths l in
/// [start, end] (m from q) and passes q at t = 0. A sensor on the Cherenkov cone at distance rho from the line
/// receives light over rho / sin(theta_c), an off-cone sensor (one the cone of a finite track misses) only
/// scattered light from the track's end, with a dimmer yield. Light falls as 1/d from a line and with the ice's
/// attenuation along the path.
/// </summary>
internal sealed class TrackLight
{
    // Sensors that miss the Cherenkov cone of a finite track see only scattered light from its end.
    private const double OffConeFactor = 0.3;

    private static readonly double SinCherenkov = Math.Sqrt(1.0 - LightInIce.CosCherenkov * LightInIce.CosCherenkov);
    private static readonly double TanCherenkov = SinCherenkov / LightInIce.CosCherenkov;

    private readonly DetectorLayout _layout;
    private readonly IceModel _ice;
    private readonly EventSources _sources;
    private readonly PhotonEmitter _photons;

    /// <summary>Creates the track light of one worker, reading <paramref name="sources"/> and filling <paramref name="photons"/>.</summary>
    public TrackLight(DetectorLayout layout, IceModel ice, EventSources sources, PhotonEmitter photons)
    {
        _layout = layout;
        _ice = ice;
        _sources = sources;
        _photons = photons;
    }

    /// <summary>
    /// Emits the track's photons on the sensors in the photons' current band. An on-cone sensor receives light over
    /// rho / sin(theta_c), an off-cone one over at least rho with the off-cone yield, so sensors beyond the larger
    /// of the two radii are left out; only strings within that reach are visited.
    /// </summary>
    public void Add(ref CounterRandom rng)
    {
        var floor = _photons.Floor;
        var yield = _sources.TrackYield;
        var (low, high) = _sources.TrackHeights();
        var reach = Math.Max(
            LightInIce.LocalReach(_ice, _layout, yield * _layout.MaxEfficiency, 1, floor, low, high) * SinCherenkov,
            LightInIce.LocalReach(_ice, _layout, yield * OffConeFactor * _layout.MaxEfficiency, 1, floor, low, high));
        var radius = reach + _layout.StringSpread;

        // A sensor needs attenuation + ln(d) below ln(track yield * best efficiency / light floor).
        var logBudget = Math.Log(yield * _layout.MaxEfficiency / floor);
        for (var s = 0; s < _layout.StringCount; s++)
        {
            if (!_sources.TrackRange(s, radius * radius, out var zLow, out var zHigh))
            {
                continue;
            }

            foreach (var sensor in _layout.SensorsBetween(s, zLow, zHigh))
            {
                Sensor(ref rng, sensor, logBudget);
            }
        }
    }

    private void Sensor(ref CounterRandom rng, int sensor, double logBudget)
    {
        var (qx, qy, qz) = (_sources.Qx, _sources.Qy, _sources.Qz);
        var (vx, vy, vz) = (_sources.Vx, _sources.Vy, _sources.Vz);
        var (start, end, trackYield) = (_sources.TrackStart, _sources.TrackEnd, _sources.TrackYield);
        var px = _layout.X[sensor] - qx;
        var py = _layout.Y[sensor] - qy;
        var pz = _layout.Z[sensor] - qz;
        var along = px * vx + py * vy + pz * vz;
        var rho = Math.Sqrt(Math.Max(0.0, px * px + py * py + pz * pz - along * along));

        // The Cherenkov photon that reaches the sensor directly leaves the track rho / tan(theta_c) before the
        // point of closest approach and travels rho / sin(theta_c).
        var emission = along - rho / TanCherenkov;
        double distance, time, emitZ, yield;
        if (emission >= start && emission <= end)
        {
            distance = rho / SinCherenkov;
            time = emission / LightInIce.SpeedOfLight + distance / LightInIce.GroupVelocity;
            emitZ = qz + emission * vz;
            yield = trackYield;
        }
        else
        {
            var clipped = emission < start ? start : end;
            var ex = px - clipped * vx;
            var ey = py - clipped * vy;
            var ez = pz - clipped * vz;
            distance = Math.Sqrt(ex * ex + ey * ey + ez * ez);
            time = clipped / LightInIce.SpeedOfLight + distance / LightInIce.GroupVelocity;
            emitZ = qz + clipped * vz;
            yield = trackYield * OffConeFactor;
        }

        var effective = Math.Max(distance, LightReach.MinimumDistance);
        var sensorZ = _layout.Z[sensor];
        var attenuation = distance * IceModel.PathMean(
            _ice.CumulativeAttenuation(emitZ), _layout.CumulativeAttenuation[sensor], emitZ, sensorZ, _layout.InverseAttenuation[sensor]);
        // Most visited sensors are too far: ln(d) >= floor(log2 d) ln 2 rejects them without a transcendental call.
        if (attenuation + double.ILogB(effective) * LightInIce.Ln2 > logBudget)
        {
            return;
        }

        // Acceptance is at most 1, so the bound without it decides the remaining skips before the scattering lookup.
        var bound = yield * _layout.Efficiency[sensor] * LightInIce.FastExp(-attenuation) / effective;
        if (bound < _photons.Floor)
        {
            return;
        }

        var inverseScattering = IceModel.PathMean(
            _ice.CumulativeScattering(emitZ), _layout.CumulativeScattering[sensor], emitZ, sensorZ, _layout.InverseScattering[sensor]);
        var expected = bound * LightInIce.Acceptance((sensorZ - emitZ) / effective, LightInIce.FastExp(-distance * inverseScattering));
        _photons.Emit(ref rng, sensor, expected, distance, time, emitZ, inverseScattering);
    }
}
