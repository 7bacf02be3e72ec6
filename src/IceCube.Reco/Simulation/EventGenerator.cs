namespace IceCube.Reco.Simulation;

/// <summary>
/// Simulates single events into a <see cref="PulseBlock"/>. Holds the scratch buffers of one worker, so each
/// thread uses its own instance; an event depends only on the seed, the options and its index.
/// </summary>
/// <remarks>
/// The model, step by step (constants and their reasoning are in docs/simulation.md):
/// <list type="number">
/// <item>Kinematics: isotropic direction u (the particle travels along -u), a topology, an energy from the power
/// law, and a position: through-going muons cross a disk 300 m wider than the detector, vertices of starting
/// tracks and cascades fill a cylinder 100 m larger than it.</item>
/// <item>Light: expected photo-electrons per sensor fall with distance and with the ice's attenuation along the
/// path, scale with the sensor's efficiency and a mild preference for light arriving from below; only sensors
/// inside the source's reach are visited, found per string by solving a quadratic in z.</item>
/// <item>Photons: a Poisson count per sensor, each delayed after its direct (Cherenkov) arrival by a Pandel
/// gamma-distributed time whose spread grows with distance in scattering lengths; photons within 10 ns on one
/// sensor merge into one pulse whose charge sums single-photo-electron draws.</item>
/// <item>Trigger: at least 8 locally coincident pulses (a simplified SMT8), otherwise the energy and position are
/// redrawn from the same stream (topology and direction stay), as the real data only holds triggered events.</item>
/// <item>Readout: times shifted so the 8th coincident pulse falls 4 us into a window opening at 5,700 ns, dark
/// noise added uniformly over the window, local coincidence decided again, pulses sorted by time.</item>
/// </list>
/// </remarks>
internal sealed class EventGenerator
{
    // Light in ice and the muon (m/ns): c, and c over the group index 1.35634 at 400 nm.
    private const double SpeedOfLight = 0.299792458;
    private const double GroupVelocity = 0.2210;

    // Cherenkov angle for the phase index 1.3195: acos(1 / 1.3195) = 40.7 degrees.
    private const double CosCherenkov = 1.0 / 1.3195;

    // Expected p.e. at 1 m from a muon's smooth (ionisation) light, before attenuation (light falls as 1/d from a
    // line).
    private const double TrackYield = 30.0;

    // Muon energy loss dE/dx = a + b E (a in GeV/m, b in 1/m): the ionisation part a gives the smooth track light,
    // the radiative part b E comes as stochastic showers, and the muon ranges out after ln(1 + E b / a) / b.
    private const double MuonIonisationLoss = 0.24;
    private const double MuonRadiativeLoss = 3.3e-4;

    // Expected p.e. at 1 m per GeV of a cascade, before attenuation (light falls as 1/d^2 from a point).
    private const double CascadeYield = 48.0;

    // Hadronic showers give less light than electromagnetic ones of the same energy.
    private const double HadronicYieldFactor = 0.8;

    // Sensors that miss the Cherenkov cone of a finite track see only scattered light from its end.
    private const double OffConeFactor = 0.3;

    // Mean spacing (m) of a muon's stochastic losses, and room for them plus the vertex cascade.
    private const double StochasticSpacing = 250.0;
    private const int MaxCascades = 32;

    // Share of starting tracks among tracks.
    private const double StartingTrackShare = 0.25;

    // Distances below this (m) are treated as this, so a source on top of a sensor stays finite.
    private const double MinimumDistance = LightReach.MinimumDistance;

    // Sensors expecting fewer p.e. than this are skipped; raising it from 0.005 to 0.01 cost 0.8 of ~80 pulses
    // per event (1%) and saved a sixth of the time.
    private const double MinimumExpectation = 0.01;

    // The trigger is decided on sensors expecting at least this many p.e.; fainter ones rarely form coincidences.
    private const double NearExpectation = 0.05;

    // An attempt goes on to the light simulation only when at least TriggerHits sensors lie close enough to
    // expect this many p.e. in the clearest ice; below it eight coincident pulses are practically impossible.
    private const double TriggerExpectation = 0.3;

    // At most this many photon times are drawn per sensor and source; more photons share the draws as weights,
    // which keeps bright events affordable and mostly changes the charges (pulses already merge within 10 ns).
    private const int MaxPhotonDraws = 128;

    // Pandel time-residual model: delay ~ Gamma(shape d / scattering length, rate 1/PandelTau + c_ice / absorption
    // length), PandelTau in ns.
    private const double PandelTau = 557.0;

    // Photons on one sensor within this many ns of a pulse's first photon join that pulse.
    private const double MergeWindow = 10.0;

    // Local coincidence: a partner pulse within +-1 us on a neighbouring sensor.
    private const double CoincidenceWindow = 1000.0;

    // Trigger: this many coincident pulses; give up redrawing after MaxAttempts and keep the last draw.
    private const int TriggerHits = 8;
    private const int MaxAttempts = 200;

    // Readout window opening time (ns) and the trigger's position inside it (ns after the opening).
    private const double WindowStart = 5700.0;
    private const double PreTrigger = 4000.0;

    // Charges are quantised to 0.025 p.e. and stored as float32 values, like the real files.
    private const double ChargeStep = 0.025;

    // Scale (p.e.) of the PMT saturation; the real files top out near 2,800 p.e.
    private const double SaturationCharge = 3000.0;

    // Single photo-electron spectrum: a Gaussian peak at 1 p.e. and an exponential low-charge component.
    private const double SpeExponentialShare = 0.15;
    private const double SpeExponentialMean = 0.3;
    private const double SpeWidth = 0.3;

    // Margins (m) of the generation volume beyond the detector's footprint and height.
    private const double ThroughGoingMargin = 300.0;
    private const double VertexMargin = 100.0;

    private static readonly double Ln2 = Math.Log(2.0);
    private static readonly double SinCherenkov = Math.Sqrt(1.0 - CosCherenkov * CosCherenkov);
    private static readonly double TanCherenkov = SinCherenkov / CosCherenkov;

    // Mean of the cascade's angular profile over the sphere, the value fully scattered light tends to, and its
    // peak, which bounds it.
    private static readonly double MeanCascadeProfile = ComputeMeanCascadeProfile();
    private static readonly double MaxCascadeProfile = CascadeProfile(CosCherenkov);

    private readonly DetectorLayout _layout;
    private readonly SimulationOptions _options;
    private readonly IceModel _ice = IceModel.Default;
    private readonly double _noiseExpectation;

    private int[] _photonSensor = new int[4096];
    private double[] _photonTime = new double[4096];
    private float[] _photonWeight = new float[4096];
    private int _photonCount;

    private int[] _pulseSensor = new int[1024];
    private double[] _pulseTime = new double[1024];
    private double[] _pulseCharge = new double[1024];
    private bool[] _pulseAuxiliary = new bool[1024];
    private int _pulseCount;

    private long[] _keys = new long[4096];
    private int[] _order = new int[4096];
    private int[] _intScratch = new int[4096];
    private double[] _doubleScratch = new double[4096];
    private double[] _chargeScratch = new double[4096];

    // Per sensor: first pulse of the sensor in (sensor, time) order and its pulse count; reset after each use.
    private readonly int[] _sensorFirstPulse;
    private readonly int[] _sensorPulseCount;

    // The current draw: direction u (to the source), travel direction v = -u, energy (GeV), the track (through q,
    // from _trackStart to _trackEnd m along v, p.e. yield at 1 m; zero when absent) and the cascades (position,
    // time in ns, p.e. yield at 1 m): a neutrino vertex and a muon's stochastic losses.
    private EventTopology _topology;
    private double _ux, _uy, _uz, _vx, _vy, _vz;
    private double _energy;
    private double _qx, _qy, _qz, _trackStart, _trackEnd, _trackYield;
    private int _cascadeCount;
    private readonly double[] _cascadeX = new double[MaxCascades];
    private readonly double[] _cascadeY = new double[MaxCascades];
    private readonly double[] _cascadeZ = new double[MaxCascades];
    private readonly double[] _cascadeTime = new double[MaxCascades];
    private readonly double[] _cascadeYield = new double[MaxCascades];

    // ln(track yield * best efficiency / light floor): a sensor needs attenuation + ln(d) below it.
    private double _trackLogBudget;

    // The band of expected p.e. the current light pass simulates: sensors expecting at least _lightFloor and
    // less than _lightCeiling.
    private double _lightFloor;
    private double _lightCeiling;

    /// <summary>Creates a worker for <paramref name="layout"/> under <paramref name="options"/> (already validated).</summary>
    public EventGenerator(DetectorLayout layout, SimulationOptions options)
    {
        _layout = layout;
        _options = options;
        _sensorFirstPulse = new int[layout.SensorCount];
        _sensorPulseCount = new int[layout.SensorCount];
        // Hz * ns * 1e-9 = expected noise pulses per sensor per window.
        _noiseExpectation = options.NoiseRate * options.EventWindow * 1e-9 * layout.SensorCount;
    }

    /// <summary>
    /// The event id of event <paramref name="eventIndex"/>: strictly increasing in the index with irregular gaps,
    /// like the real ids, so code that confuses an event's position with its id fails.
    /// </summary>
    public static long EventIdOf(ulong seed, long eventIndex) =>
        4 * eventIndex + 1 + (long)(CounterRandom.Mix(seed ^ (ulong)eventIndex * 0xA24BAED4963EE407UL) & 3);

    /// <summary>Simulates event <paramref name="eventIndex"/> and appends it to <paramref name="block"/>.</summary>
    public void Generate(long eventIndex, PulseBlock block)
    {
        var rng = new CounterRandom(_options.Seed, (ulong)eventIndex);
        _topology = DrawTopology(ref rng);
        DrawDirection(ref rng);
        var coincident = 0;
        for (var attempt = 0; attempt < MaxAttempts && coincident < TriggerHits; attempt++)
        {
            _photonCount = 0;
            _pulseCount = 0;
            DrawSources(ref rng, _topology);
            if (!CouldTrigger())
            {
                continue;
            }

            // Bright sensors first: they decide the trigger, and the many faint ones are simulated only for
            // attempts that pass it, which saves most of the work on the attempts that are redrawn.
            AddLight(ref rng, NearExpectation, double.PositiveInfinity);
            FormPulses(ref rng);
            coincident = MarkCoincidences();
            if (coincident >= TriggerHits)
            {
                AddLight(ref rng, MinimumExpectation, NearExpectation);
                FormPulses(ref rng);
                coincident = MarkCoincidences();
            }
        }

        PlaceInWindow(coincident);
        AddNoise(ref rng);
        SortBySensorAndTime();
        MarkCoincidences();
        Emit(_options.Seed, eventIndex, block);
    }

    private void AddLight(ref CounterRandom rng, double floor, double ceiling)
    {
        _lightFloor = floor;
        _lightCeiling = ceiling;
        if (_trackYield > 0.0)
        {
            AddTrackLight(ref rng);
        }

        for (var c = 0; c < _cascadeCount; c++)
        {
            AddCascadeLight(ref rng, c);
        }
    }

    private static double Square(double value) => value * value;

    private static double ComputeMeanCascadeProfile()
    {
        // Average over cos(eta) uniform in [-1, 1] (an isotropic sphere), midpoint rule.
        const int steps = 2000;
        var sum = 0.0;
        for (var i = 0; i < steps; i++)
        {
            sum += CascadeProfile(-1.0 + (i + 0.5) * 2.0 / steps);
        }

        return sum / steps;
    }

    // Cascade light peaks at the Cherenkov angle around the shower axis with a broad floor.
    private static double CascadeProfile(double cosEta)
    {
        var offset = (cosEta - CosCherenkov) / 0.3;
        return 0.4 + 1.2 * Math.Exp(-0.5 * offset * offset);
    }

    private static double MuonRange(double energy) =>
        Math.Log(1.0 + energy * MuonRadiativeLoss / MuonIonisationLoss) / MuonRadiativeLoss;

    private EventTopology DrawTopology(ref CounterRandom rng)
    {
        if (rng.NextDouble() >= _options.TrackFraction)
        {
            return EventTopology.Cascade;
        }

        return rng.NextDouble() < StartingTrackShare ? EventTopology.StartingTrack : EventTopology.ThroughGoingTrack;
    }

    // An isotropic direction, kept through the redraws so the triggered events stay isotropic (a redrawn
    // direction would favour up-going events, whose light reaches the downward-looking sensors more easily).
    private void DrawDirection(ref CounterRandom rng)
    {
        var cosZenith = 2.0 * rng.NextDouble() - 1.0;
        var sinZenith = Math.Sqrt(Math.Max(0.0, 1.0 - cosZenith * cosZenith));
        var (sinAzimuth, cosAzimuth) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
        _ux = cosAzimuth * sinZenith;
        _uy = sinAzimuth * sinZenith;
        _uz = cosZenith;

        // The particle travels along -u.
        _vx = -_ux;
        _vy = -_uy;
        _vz = -_uz;
    }

    // Draws the energy and position of one attempt at an event of the given topology.
    private void DrawSources(ref CounterRandom rng, EventTopology topology)
    {
        _energy = DrawEnergy(ref rng);
        _trackYield = 0.0;
        _cascadeCount = 0;
        switch (topology)
        {
            case EventTopology.StartingTrack:
            {
                var (x, y, z) = DrawVertex(ref rng);
                // Inelasticity: the hadronic cascade takes y of the energy; y = U^2 has mean 1/3.
                var share = rng.NextDouble();
                share *= share;
                var muonEnergy = (1.0 - share) * _energy;
                (_qx, _qy, _qz) = (x, y, z);
                _trackStart = 0.0;
                _trackEnd = MuonRange(muonEnergy);
                _trackYield = TrackYield;
                AddCascade(x, y, z, 0.0, CascadeYield * HadronicYieldFactor * share * _energy);
                DrawStochasticLosses(ref rng, muonEnergy);
                break;
            }

            case EventTopology.ThroughGoingTrack:
            {
                // Impact point uniform on a disk through the centre, perpendicular to the track.
                var (e1x, e1y, e1z, e2x, e2y, e2z) = Perpendiculars(_vx, _vy, _vz);
                var radius = (_layout.Radius + ThroughGoingMargin) * Math.Sqrt(rng.NextDouble());
                var (sin, cos) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
                _qx = _layout.CentreX + radius * (cos * e1x + sin * e2x);
                _qy = _layout.CentreY + radius * (cos * e1y + sin * e2y);
                _qz = 0.5 * (_layout.Top + _layout.Bottom) + radius * (cos * e1z + sin * e2z);
                // The energy is the muon's at its closest approach; it came from far away and ranges out ahead.
                _trackStart = double.NegativeInfinity;
                _trackEnd = MuonRange(_energy);
                _trackYield = TrackYield;
                DrawStochasticLosses(ref rng, _energy);
                break;
            }

            default:
            {
                var (x, y, z) = DrawVertex(ref rng);
                AddCascade(x, y, z, 0.0, CascadeYield * _energy);
                break;
            }
        }
    }

    // The muon's radiative losses (b E per metre) come as discrete showers along the track, one every
    // StochasticSpacing m on average, with exponentially distributed energies; only the stretch of track near the
    // detector is populated. These bright spots are what makes high-energy tracks lumpy.
    private void DrawStochasticLosses(ref CounterRandom rng, double muonEnergy)
    {
        var (from, to) = NearDetector();
        if (!(to > from))
        {
            return;
        }

        var losses = Math.Min(rng.NextPoisson((to - from) / StochasticSpacing), MaxCascades - 1);
        var meanLoss = MuonRadiativeLoss * muonEnergy * StochasticSpacing;
        for (var i = 0; i < losses; i++)
        {
            var along = from + (to - from) * rng.NextDouble();
            var energy = Math.Min(muonEnergy, meanLoss * rng.NextExponential());
            AddCascade(_qx + along * _vx, _qy + along * _vy, _qz + along * _vz, along / SpeedOfLight, CascadeYield * energy);
        }
    }

    // The part [from, to] of the track (m along v from q) inside a sphere around the detector that is
    // VertexMargin larger than the sphere enclosing it.
    private (double From, double To) NearDetector()
    {
        var centreZ = 0.5 * (_layout.Top + _layout.Bottom);
        var halfHeight = 0.5 * (_layout.Top - _layout.Bottom);
        var radius = Math.Sqrt(_layout.Radius * _layout.Radius + halfHeight * halfHeight) + VertexMargin;
        var dx = _qx - _layout.CentreX;
        var dy = _qy - _layout.CentreY;
        var dz = _qz - centreZ;
        var b = dx * _vx + dy * _vy + dz * _vz;
        var disc = b * b - (dx * dx + dy * dy + dz * dz - radius * radius);
        if (disc <= 0.0)
        {
            return (0.0, 0.0);
        }

        var root = Math.Sqrt(disc);
        return (Math.Max(_trackStart, -b - root), Math.Min(_trackEnd, -b + root));
    }

    private void AddCascade(double x, double y, double z, double time, double yield)
    {
        if (yield <= 0.0)
        {
            return;
        }

        var c = _cascadeCount++;
        _cascadeX[c] = x;
        _cascadeY[c] = y;
        _cascadeZ[c] = z;
        _cascadeTime[c] = time;
        _cascadeYield[c] = yield;
    }

    // A cheap necessary condition for the trigger: at least TriggerHits sensors close enough to expect
    // TriggerExpectation p.e. in the clearest ice. Attempts that fail it skip the light simulation.
    private bool CouldTrigger()
    {
        var candidates = 0;
        if (_trackYield > 0.0)
        {
            var (low, high) = TrackHeights();
            var reach = LocalReach(_trackYield, 1, TriggerExpectation, low, high);
            for (var s = 0; s < _layout.StringCount && candidates < TriggerHits; s++)
            {
                if (TrackRange(s, Square(reach + _layout.StringSpread), out var zLow, out var zHigh))
                {
                    candidates += _layout.SensorsBetween(s, zLow, zHigh).Length;
                }
            }
        }

        for (var c = 0; c < _cascadeCount && candidates < TriggerHits; c++)
        {
            var reach = LocalReach(_cascadeYield[c] * MaxCascadeProfile, 2, TriggerExpectation, _cascadeZ[c], _cascadeZ[c]);
            for (var s = 0; s < _layout.StringCount && candidates < TriggerHits; s++)
            {
                if (CascadeRange(s, c, Square(reach + _layout.StringSpread), out var zLow, out var zHigh))
                {
                    candidates += _layout.SensorsBetween(s, zLow, zHigh).Length;
                }
            }
        }

        return candidates >= TriggerHits;
    }

    private double DrawEnergy(ref CounterRandom rng)
    {
        var low = _options.MinEnergy;
        var high = _options.MaxEnergy;
        var u = rng.NextDouble();
        var exponent = 1.0 - _options.SpectralIndex;
        if (Math.Abs(exponent) < 1e-9)
        {
            return low * Math.Pow(high / low, u);
        }

        // Inverse of the CDF of E^-gamma on [low, high].
        var a = Math.Pow(low, exponent);
        var b = Math.Pow(high, exponent);
        return Math.Clamp(Math.Pow(a + u * (b - a), 1.0 / exponent), low, high);
    }

    private (double X, double Y, double Z) DrawVertex(ref CounterRandom rng)
    {
        var radius = (_layout.Radius + VertexMargin) * Math.Sqrt(rng.NextDouble());
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
        var bottom = _layout.Bottom - VertexMargin;
        var top = _layout.Top + VertexMargin;
        return (_layout.CentreX + radius * cos, _layout.CentreY + radius * sin, bottom + (top - bottom) * rng.NextDouble());
    }

    private static (double, double, double, double, double, double) Perpendiculars(double vx, double vy, double vz)
    {
        // Cross with the axis least aligned with v, then complete the right-handed frame.
        double ax = 0.0, ay = 0.0, az = 1.0;
        if (Math.Abs(vz) > 0.9)
        {
            ax = 1.0;
            az = 0.0;
        }

        var e1x = vy * az - vz * ay;
        var e1y = vz * ax - vx * az;
        var e1z = vx * ay - vy * ax;
        var norm = Math.Sqrt(e1x * e1x + e1y * e1y + e1z * e1z);
        e1x /= norm;
        e1y /= norm;
        e1z /= norm;
        return (e1x, e1y, e1z, vy * e1z - vz * e1y, vz * e1x - vx * e1z, vx * e1y - vy * e1x);
    }

    // The reach of a source spanning heights [zLow, zHigh]: first with the clearest ice anywhere, then with the
    // clearest ice a path can cross. A path that matters joins a point of the source to a sensor at most that
    // first reach away, so it stays within [max(zLow, bottom) - reach, min(zHigh, top) + reach].
    private double LocalReach(double brightness, int power, double threshold, double zLow, double zHigh)
    {
        var reach = LightReach.Distance(brightness, power, threshold, _ice.LongestAttenuationLength);
        var from = Math.Max(zLow, _layout.Bottom) - reach;
        var to = Math.Min(zHigh, _layout.Top) + reach;
        if (!(to >= from))
        {
            return reach;
        }

        return Math.Min(reach, LightReach.Distance(brightness, power, threshold, _ice.LongestAttenuationLengthBetween(from, to)));
    }

    // The heights the track spans (infinite for a through-going muon that is not horizontal).
    private (double Low, double High) TrackHeights()
    {
        if (Math.Abs(_vz) < 1e-12)
        {
            return (_qz, _qz);
        }

        var a = _qz + _trackStart * _vz;
        var b = _qz + _trackEnd * _vz;
        return (Math.Min(a, b), Math.Max(a, b));
    }

    // Heights [zLow, zHigh] on string s within sqrt(reach2) of the track's line: rho^2 as a function of the height
    // w above q is (1 - vz^2) w^2 - 2 b vz w + a - b^2, a quadratic solved for rho^2 = reach2.
    private bool TrackRange(int s, double reach2, out double zLow, out double zHigh)
    {
        var dx = _layout.StringX[s] - _qx;
        var dy = _layout.StringY[s] - _qy;
        var a = dx * dx + dy * dy;
        var b = _vx * dx + _vy * dy;
        var horizontal = 1.0 - _vz * _vz;
        if (horizontal < 1e-9)
        {
            zLow = double.NegativeInfinity;
            zHigh = double.PositiveInfinity;
            return a - b * b <= reach2;
        }

        var disc = b * b * _vz * _vz - horizontal * (a - b * b - reach2);
        if (disc < 0.0)
        {
            zLow = zHigh = 0.0;
            return false;
        }

        var root = Math.Sqrt(disc);
        zLow = _qz + (b * _vz - root) / horizontal;
        zHigh = _qz + (b * _vz + root) / horizontal;
        return true;
    }

    // Heights [zLow, zHigh] on string s within sqrt(reach2) of cascade c.
    private bool CascadeRange(int s, int c, double reach2, out double zLow, out double zHigh)
    {
        var dx = _layout.StringX[s] - _cascadeX[c];
        var dy = _layout.StringY[s] - _cascadeY[c];
        var h2 = dx * dx + dy * dy;
        if (h2 > reach2)
        {
            zLow = zHigh = 0.0;
            return false;
        }

        var half = Math.Sqrt(reach2 - h2);
        zLow = _cascadeZ[c] - half;
        zHigh = _cascadeZ[c] + half;
        return true;
    }

    // The muon travels along v through q; it exists for track lengths l in [start, end] (m from q) and passes q
    // at t = 0. A sensor on the Cherenkov cone at distance rho from the line receives light over rho / sin(theta_c),
    // an off-cone sensor over at least rho (to the track's end, with the dimmer off-cone yield), so sensors beyond
    // the larger of the two radii can be left out.
    private void AddTrackLight(ref CounterRandom rng)
    {
        var (low, high) = TrackHeights();
        var reach = Math.Max(
            LocalReach(_trackYield * _layout.MaxEfficiency, 1, _lightFloor, low, high) * SinCherenkov,
            LocalReach(_trackYield * OffConeFactor * _layout.MaxEfficiency, 1, _lightFloor, low, high));
        _trackLogBudget = Math.Log(_trackYield * _layout.MaxEfficiency / _lightFloor);
        for (var s = 0; s < _layout.StringCount; s++)
        {
            if (!TrackRange(s, Square(reach + _layout.StringSpread), out var zLow, out var zHigh))
            {
                continue;
            }

            foreach (var sensor in _layout.SensorsBetween(s, zLow, zHigh))
            {
                TrackSensor(ref rng, sensor);
            }
        }
    }

    private void TrackSensor(ref CounterRandom rng, int sensor)
    {
        var px = _layout.X[sensor] - _qx;
        var py = _layout.Y[sensor] - _qy;
        var pz = _layout.Z[sensor] - _qz;
        var along = px * _vx + py * _vy + pz * _vz;
        var rho = Math.Sqrt(Math.Max(0.0, px * px + py * py + pz * pz - along * along));

        // The Cherenkov photon that reaches the sensor directly leaves the track rho / tan(theta_c) before the
        // point of closest approach and travels rho / sin(theta_c).
        var emission = along - rho / TanCherenkov;
        double distance, time, emitZ, yield;
        if (emission >= _trackStart && emission <= _trackEnd)
        {
            distance = rho / SinCherenkov;
            time = emission / SpeedOfLight + distance / GroupVelocity;
            emitZ = _qz + emission * _vz;
            yield = _trackYield;
        }
        else
        {
            var clipped = emission < _trackStart ? _trackStart : _trackEnd;
            var ex = px - clipped * _vx;
            var ey = py - clipped * _vy;
            var ez = pz - clipped * _vz;
            distance = Math.Sqrt(ex * ex + ey * ey + ez * ez);
            time = clipped / SpeedOfLight + distance / GroupVelocity;
            emitZ = _qz + clipped * _vz;
            yield = _trackYield * OffConeFactor;
        }

        var effective = Math.Max(distance, MinimumDistance);
        var sensorZ = _layout.Z[sensor];
        var attenuation = distance * IceModel.PathMean(
            _ice.CumulativeAttenuation(emitZ), _layout.CumulativeAttenuation[sensor], emitZ, sensorZ, _layout.InverseAttenuation[sensor]);
        // Most visited sensors are too far: ln(d) >= floor(log2 d) ln 2 rejects them without a transcendental call.
        if (attenuation + double.ILogB(effective) * Ln2 > _trackLogBudget)
        {
            return;
        }

        // Acceptance is at most 1, so the bound without it decides the remaining skips before the scattering lookup.
        var bound = yield * _layout.Efficiency[sensor] * Math.Exp(-attenuation) / effective;
        if (bound < _lightFloor)
        {
            return;
        }

        var inverseScattering = IceModel.PathMean(
            _ice.CumulativeScattering(emitZ), _layout.CumulativeScattering[sensor], emitZ, sensorZ, _layout.InverseScattering[sensor]);
        var expected = bound * Acceptance((sensorZ - emitZ) / effective, distance * inverseScattering);
        EmitPhotons(ref rng, sensor, expected, distance, time, emitZ, inverseScattering);
    }

    // Cascade c: a point source whose shower axis is v.
    private void AddCascadeLight(ref CounterRandom rng, int c)
    {
        var (cx, cy, cz, start, yield) = (_cascadeX[c], _cascadeY[c], _cascadeZ[c], _cascadeTime[c], _cascadeYield[c]);
        var reach = LocalReach(yield * MaxCascadeProfile * _layout.MaxEfficiency, 2, _lightFloor, cz, cz);
        var logBudget = Math.Log(yield * MaxCascadeProfile * _layout.MaxEfficiency / _lightFloor);
        var cumulativeAttenuation = _ice.CumulativeAttenuation(cz);
        var cumulativeScattering = _ice.CumulativeScattering(cz);
        for (var s = 0; s < _layout.StringCount; s++)
        {
            if (!CascadeRange(s, c, Square(reach + _layout.StringSpread), out var zLow, out var zHigh))
            {
                continue;
            }

            foreach (var sensor in _layout.SensorsBetween(s, zLow, zHigh))
            {
                var px = _layout.X[sensor] - cx;
                var py = _layout.Y[sensor] - cy;
                var pz = _layout.Z[sensor] - cz;
                var distance = Math.Sqrt(px * px + py * py + pz * pz);
                var effective = Math.Max(distance, MinimumDistance);
                var sensorZ = _layout.Z[sensor];
                var attenuation = distance * IceModel.PathMean(
                    cumulativeAttenuation, _layout.CumulativeAttenuation[sensor], cz, sensorZ, _layout.InverseAttenuation[sensor]);
                if (attenuation + 2 * double.ILogB(effective) * Ln2 > logBudget)
                {
                    continue;
                }

                var bound = yield * MaxCascadeProfile * _layout.Efficiency[sensor] * Math.Exp(-attenuation)
                    / (effective * effective);
                if (bound < _lightFloor)
                {
                    continue;
                }

                var inverseScattering = IceModel.PathMean(
                    cumulativeScattering, _layout.CumulativeScattering[sensor], cz, sensorZ, _layout.InverseScattering[sensor]);
                var optical = distance * inverseScattering;
                // Scattering washes the Cherenkov-angle peak out towards the isotropic mean.
                var unscattered = Math.Exp(-optical);
                var profile = unscattered * CascadeProfile((px * _vx + py * _vy + pz * _vz) / effective)
                    + (1.0 - unscattered) * MeanCascadeProfile;
                var expected = bound * (profile / MaxCascadeProfile) * Acceptance(pz / effective, optical);
                EmitPhotons(ref rng, sensor, expected, distance, start + distance / GroupVelocity, cz, inverseScattering);
            }
        }
    }

    // Sensors look down: light arriving from below (upward = +1) is favoured, from above (-1) disfavoured, and
    // the preference fades as scattering randomises the arrival direction.
    private static double Acceptance(double upward, double opticalDepth) =>
        0.6 + 0.4 * Math.Clamp(upward, -1.0, 1.0) * Math.Exp(-opticalDepth);

    private void EmitPhotons(
        ref CounterRandom rng, int sensor, double expected, double distance, double directTime, double emitZ,
        double inverseScattering)
    {
        if (expected < _lightFloor || expected >= _lightCeiling)
        {
            return;
        }

        var photons = rng.NextPoisson(expected);
        if (photons == 0)
        {
            return;
        }

        var shape = distance * inverseScattering;
        var inverseAbsorption = IceModel.PathMean(
            _ice.CumulativeAbsorption(emitZ), _layout.CumulativeAbsorption[sensor], emitZ, _layout.Z[sensor], _layout.InverseAbsorption[sensor]);
        var rate = 1.0 / PandelTau + GroupVelocity * inverseAbsorption;
        var draws = Math.Min(photons, MaxPhotonDraws);
        var weight = (float)photons / draws;
        EnsurePhotonCapacity(_photonCount + draws);
        for (var i = 0; i < draws; i++)
        {
            var delay = shape > 1e-6 ? rng.NextGamma(shape) / rate : 0.0;
            _photonSensor[_photonCount] = sensor;
            _photonTime[_photonCount] = directTime + delay;
            _photonWeight[_photonCount] = weight;
            _photonCount++;
        }
    }

    private void EnsurePhotonCapacity(int needed)
    {
        if (needed <= _photonTime.Length)
        {
            return;
        }

        var size = Math.Max(needed, 2 * _photonTime.Length);
        Array.Resize(ref _photonSensor, size);
        Array.Resize(ref _photonTime, size);
        Array.Resize(ref _photonWeight, size);
    }

    private void EnsurePulseCapacity(int needed)
    {
        if (needed <= _pulseTime.Length)
        {
            return;
        }

        var size = Math.Max(needed, 2 * _pulseTime.Length);
        Array.Resize(ref _pulseSensor, size);
        Array.Resize(ref _pulseTime, size);
        Array.Resize(ref _pulseCharge, size);
        Array.Resize(ref _pulseAuxiliary, size);
    }

    private void EnsureSortCapacity(int needed)
    {
        if (needed <= _keys.Length)
        {
            return;
        }

        var size = Math.Max(needed, 2 * _keys.Length);
        _keys = new long[size];
        _order = new int[size];
        _intScratch = new int[size];
        _doubleScratch = new double[size];
        _chargeScratch = new double[size];
    }

    // Sorts the photons by (sensor, time) and merges each sensor's photons into pulses.
    private void FormPulses(ref CounterRandom rng)
    {
        _pulseCount = 0;
        var n = _photonCount;
        if (n == 0)
        {
            return;
        }

        var earliest = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            earliest = Math.Min(earliest, _photonTime[i]);
        }

        // Key: sensor in the high bits, time above the earliest photon in 1/16 ns below them.
        EnsureSortCapacity(n);
        for (var i = 0; i < n; i++)
        {
            var ticks = Math.Min((long)((_photonTime[i] - earliest) * 16.0), (1L << 40) - 1);
            _keys[i] = ((long)_photonSensor[i] << 40) | ticks;
            _order[i] = i;
        }

        Array.Sort(_keys, _order, 0, n);
        EnsurePulseCapacity(n);
        var i0 = 0;
        while (i0 < n)
        {
            var first = _order[i0];
            var sensor = _photonSensor[first];
            var start = _photonTime[first];
            var charge = 0.0;
            var i1 = i0;
            while (i1 < n && _photonSensor[_order[i1]] == sensor && _photonTime[_order[i1]] - start <= MergeWindow)
            {
                charge += _photonWeight[_order[i1]] * SinglePhotoelectron(ref rng);
                i1++;
            }

            var p = _pulseCount++;
            _pulseSensor[p] = sensor;
            _pulseTime[p] = start;
            _pulseCharge[p] = charge;
            i0 = i1;
        }
    }

    private static double SinglePhotoelectron(ref CounterRandom rng)
    {
        if (rng.NextDouble() < SpeExponentialShare)
        {
            return SpeExponentialMean * rng.NextExponential();
        }

        return Math.Max(ChargeStep, 1.0 + SpeWidth * rng.NextNormal());
    }

    // Places the event so its trigger (the 8th coincident pulse, or the first pulse if fewer) sits PreTrigger ns
    // into the window, rounds times to whole ns and drops pulses that would precede the window.
    private void PlaceInWindow(int coincident)
    {
        var n = _pulseCount;
        if (n == 0)
        {
            return;
        }

        double trigger;
        if (coincident > 0)
        {
            // The TriggerHits earliest coincident times, kept sorted by insertion.
            Span<double> earliest = stackalloc double[TriggerHits];
            var m = 0;
            for (var i = 0; i < n; i++)
            {
                if (_pulseAuxiliary[i] || (m == TriggerHits && _pulseTime[i] >= earliest[m - 1]))
                {
                    continue;
                }

                var k = m < TriggerHits ? m++ : m - 1;
                while (k > 0 && earliest[k - 1] > _pulseTime[i])
                {
                    earliest[k] = earliest[k - 1];
                    k--;
                }

                earliest[k] = _pulseTime[i];
            }

            trigger = earliest[m - 1];
        }
        else
        {
            trigger = double.PositiveInfinity;
            for (var i = 0; i < n; i++)
            {
                trigger = Math.Min(trigger, _pulseTime[i]);
            }
        }

        var shift = WindowStart + PreTrigger - trigger;
        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            var time = Math.Round(_pulseTime[i] + shift);
            if (time < WindowStart)
            {
                continue;
            }

            _pulseSensor[kept] = _pulseSensor[i];
            _pulseTime[kept] = time;
            _pulseCharge[kept] = _pulseCharge[i];
            kept++;
        }

        _pulseCount = kept;
    }

    // Dark noise: single photo-electron pulses on random sensors at whole-ns times uniform over the window; an
    // event never ends up empty, since real events always hold at least one pulse.
    private void AddNoise(ref CounterRandom rng)
    {
        var noise = rng.NextPoisson(_noiseExpectation);
        if (noise == 0 && _pulseCount == 0)
        {
            noise = 1;
        }

        EnsurePulseCapacity(_pulseCount + noise);
        for (var i = 0; i < noise; i++)
        {
            var p = _pulseCount++;
            _pulseSensor[p] = rng.NextInt(_layout.SensorCount);
            _pulseTime[p] = WindowStart + Math.Floor(rng.NextDouble() * _options.EventWindow);
            _pulseCharge[p] = SinglePhotoelectron(ref rng);
        }
    }

    // Reorders the pulses by (sensor, time); times are whole ns at or after the window opening here.
    private void SortBySensorAndTime()
    {
        var n = _pulseCount;
        EnsureSortCapacity(n);
        for (var i = 0; i < n; i++)
        {
            _keys[i] = ((long)_pulseSensor[i] << 40) | (long)_pulseTime[i];
            _order[i] = i;
        }

        Array.Sort(_keys, _order, 0, n);
        Permute(n);
    }

    private void Permute(int n)
    {
        for (var i = 0; i < n; i++)
        {
            _intScratch[i] = _pulseSensor[_order[i]];
            _doubleScratch[i] = _pulseTime[_order[i]];
            _chargeScratch[i] = _pulseCharge[_order[i]];
        }

        Array.Copy(_intScratch, _pulseSensor, n);
        Array.Copy(_doubleScratch, _pulseTime, n);
        Array.Copy(_chargeScratch, _pulseCharge, n);
    }

    // Sets the auxiliary flag of every pulse (pulses must be in (sensor, time) order): false when a neighbouring
    // sensor of the same string has a pulse within +-1 us. Returns the number of coincident pulses.
    private int MarkCoincidences()
    {
        var n = _pulseCount;
        for (var i = 0; i < n; i++)
        {
            var sensor = _pulseSensor[i];
            if (_sensorPulseCount[sensor] == 0)
            {
                _sensorFirstPulse[sensor] = i;
            }

            _sensorPulseCount[sensor]++;
        }

        var coincident = 0;
        for (var i = 0; i < n; i++)
        {
            var time = _pulseTime[i];
            var partner = false;
            foreach (var neighbour in _layout.Neighbours(_pulseSensor[i]))
            {
                var count = _sensorPulseCount[neighbour];
                if (count > 0 && HasPulseNear(_sensorFirstPulse[neighbour], count, time))
                {
                    partner = true;
                    break;
                }
            }

            _pulseAuxiliary[i] = !partner;
            if (partner)
            {
                coincident++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            _sensorPulseCount[_pulseSensor[i]] = 0;
        }

        return coincident;
    }

    // Whether the time-sorted run of pulses [first, first + count) has one within the coincidence window of time.
    private bool HasPulseNear(int first, int count, double time)
    {
        var low = first;
        var high = first + count;
        var from = time - CoincidenceWindow;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_pulseTime[mid] < from)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low < first + count && _pulseTime[low] <= time + CoincidenceWindow;
    }

    // Writes the event in time order (ties by sensor) with its truth.
    private void Emit(ulong seed, long eventIndex, PulseBlock block)
    {
        var n = _pulseCount;
        for (var i = 0; i < n; i++)
        {
            // Times are whole ns below 2^40 and sensor ids below 2^15, so the key orders by time, then sensor;
            // the sort is deterministic, so even equal keys come out the same way on every run.
            _keys[i] = ((long)_pulseTime[i] << 16) | (long)_pulseSensor[i];
            _order[i] = i;
        }

        Array.Sort(_keys, _order, 0, n);
        var (azimuth, zenith) = IceCube.Reco.Physics.Direction.FromUnitVector(_ux, _uy, _uz);
        block.BeginEvent(EventIdOf(seed, eventIndex), azimuth, zenith, _energy, _topology);
        for (var k = 0; k < n; k++)
        {
            var i = _order[k];
            // The PMT saturates: the recorded charge approaches SaturationCharge however much light arrives.
            var charge = SaturationCharge * -double.ExpM1(-_pulseCharge[i] / SaturationCharge);
            var steps = Math.Max(1.0, Math.Round(charge / ChargeStep));
            block.AddPulse((short)_pulseSensor[i], (long)_pulseTime[i], (float)(steps * ChargeStep), _pulseAuxiliary[i]);
        }

        block.EndEvent();
    }
}
