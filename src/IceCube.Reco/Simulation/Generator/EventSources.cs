namespace IceCube.Reco.Simulation;

/// <summary>
/// The kinematics of one event and the light sources they give: a topology and an isotropic direction u (the
/// particle travels along v = -u) drawn once per event, then per attempt an energy from the power law and a
/// position (through-going muons cross a disk 300 m wider than the detector, vertices of starting tracks and
/// cascades fill a cylinder 100 m larger than it). The sources are the muon's track (through <see cref="Qx"/>,
/// <see cref="Qy"/>, <see cref="Qz"/>, from <see cref="TrackStart"/> to <see cref="TrackEnd"/> m along v) and
/// <see cref="Cascades"/>: the neutrino vertex and the muon's stochastic losses.
/// </summary>
internal sealed class EventSources
{
    // Expected p.e. at 1 m from a muon's smooth (ionisation) light, before attenuation (light falls as 1/d from a
    // line).
    private const double SmoothTrackYield = 30.0;

    // Muon energy loss dE/dx = a + b E (a in GeV/m, b in 1/m): the ionisation part a gives the smooth track light,
    // the radiative part b E comes as stochastic showers, and the muon ranges out after ln(1 + E b / a) / b.
    private const double MuonIonisationLoss = 0.24;
    private const double MuonRadiativeLoss = 3.3e-4;

    // Expected p.e. at 1 m per GeV of a cascade, before attenuation (light falls as 1/d^2 from a point).
    private const double CascadeYield = 48.0;

    // Hadronic showers give less light than electromagnetic ones of the same energy.
    private const double HadronicYieldFactor = 0.8;

    // Mean spacing (m) of a muon's stochastic losses, and room for them plus the vertex cascade.
    private const double StochasticSpacing = 250.0;
    private const int MaxCascades = 32;

    // Share of starting tracks among tracks.
    private const double StartingTrackShare = 0.25;

    // Margins (m) of the generation volume beyond the detector's footprint and height.
    private const double ThroughGoingMargin = 300.0;
    private const double VertexMargin = 100.0;

    private readonly DetectorLayout _layout;
    private readonly SimulationOptions _options;
    private readonly Cascade[] _cascades = new Cascade[MaxCascades];
    private int _cascadeCount;

    /// <summary>Creates the sources of one worker for <paramref name="layout"/> under <paramref name="options"/>.</summary>
    public EventSources(DetectorLayout layout, SimulationOptions options)
    {
        _layout = layout;
        _options = options;
    }

    /// <summary>The event's topology.</summary>
    public EventTopology Topology { get; private set; }

    /// <summary>The direction u towards the source (unit vector).</summary>
    public double Ux { get; private set; }

    /// <inheritdoc cref="Ux"/>
    public double Uy { get; private set; }

    /// <inheritdoc cref="Ux"/>
    public double Uz { get; private set; }

    /// <summary>The travel direction v = -u.</summary>
    public double Vx { get; private set; }

    /// <inheritdoc cref="Vx"/>
    public double Vy { get; private set; }

    /// <inheritdoc cref="Vx"/>
    public double Vz { get; private set; }

    /// <summary>The neutrino's energy (GeV).</summary>
    public double Energy { get; private set; }

    /// <summary>A point of the track's line (m); the muon passes it at t = 0.</summary>
    public double Qx { get; private set; }

    /// <inheritdoc cref="Qx"/>
    public double Qy { get; private set; }

    /// <inheritdoc cref="Qx"/>
    public double Qz { get; private set; }

    /// <summary>Where the muon starts, m along v from q (negative infinity for a through-going muon).</summary>
    public double TrackStart { get; private set; }

    /// <summary>Where the muon ranges out, m along v from q.</summary>
    public double TrackEnd { get; private set; }

    /// <summary>The track's expected p.e. at 1 m before attenuation; zero when the event has no track.</summary>
    public double TrackYield { get; private set; }

    /// <summary>The cascades of the current attempt.</summary>
    public ReadOnlySpan<Cascade> Cascades => _cascades.AsSpan(0, _cascadeCount);

    /// <summary>
    /// Draws the topology, then an isotropic direction. Both are kept through the redraws, so the triggered events
    /// stay isotropic (a redrawn direction would favour up-going events, whose light reaches the downward-looking
    /// sensors more easily).
    /// </summary>
    public void DrawEvent(ref CounterRandom rng)
    {
        Topology = DrawTopology(ref rng);
        var cosZenith = 2.0 * rng.NextDouble() - 1.0;
        var sinZenith = Math.Sqrt(Math.Max(0.0, 1.0 - cosZenith * cosZenith));
        var (sinAzimuth, cosAzimuth) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
        Ux = cosAzimuth * sinZenith;
        Uy = sinAzimuth * sinZenith;
        Uz = cosZenith;
        Vx = -Ux;
        Vy = -Uy;
        Vz = -Uz;
    }

    /// <summary>Draws the energy and position of one attempt at the event, and with them its sources.</summary>
    public void DrawAttempt(ref CounterRandom rng)
    {
        Energy = DrawEnergy(ref rng);
        TrackYield = 0.0;
        _cascadeCount = 0;
        switch (Topology)
        {
            case EventTopology.StartingTrack:
            {
                var (x, y, z) = DrawVertex(ref rng);
                // Inelasticity: the hadronic cascade takes y of the energy; y = U^2 has mean 1/3.
                var share = rng.NextDouble();
                share *= share;
                var muonEnergy = (1.0 - share) * Energy;
                (Qx, Qy, Qz) = (x, y, z);
                TrackStart = 0.0;
                TrackEnd = MuonRange(muonEnergy);
                TrackYield = SmoothTrackYield;
                AddCascade(x, y, z, 0.0, CascadeYield * HadronicYieldFactor * share * Energy);
                DrawStochasticLosses(ref rng, muonEnergy);
                break;
            }

            case EventTopology.ThroughGoingTrack:
            {
                // Impact point uniform on a disk through the centre, perpendicular to the track.
                var (e1x, e1y, e1z, e2x, e2y, e2z) = Perpendiculars(Vx, Vy, Vz);
                var radius = (_layout.Radius + ThroughGoingMargin) * Math.Sqrt(rng.NextDouble());
                var (sin, cos) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
                Qx = _layout.CentreX + radius * (cos * e1x + sin * e2x);
                Qy = _layout.CentreY + radius * (cos * e1y + sin * e2y);
                Qz = 0.5 * (_layout.Top + _layout.Bottom) + radius * (cos * e1z + sin * e2z);
                // The energy is the muon's at its closest approach; it came from far away and ranges out ahead.
                TrackStart = double.NegativeInfinity;
                TrackEnd = MuonRange(Energy);
                TrackYield = SmoothTrackYield;
                DrawStochasticLosses(ref rng, Energy);
                break;
            }

            default:
            {
                var (x, y, z) = DrawVertex(ref rng);
                AddCascade(x, y, z, 0.0, CascadeYield * Energy);
                break;
            }
        }
    }

    /// <summary>The heights the track spans (infinite for a through-going muon that is not horizontal).</summary>
    public (double Low, double High) TrackHeights()
    {
        if (Math.Abs(Vz) < 1e-12)
        {
            return (Qz, Qz);
        }

        var a = Qz + TrackStart * Vz;
        var b = Qz + TrackEnd * Vz;
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>
    /// Heights [zLow, zHigh] on string <paramref name="s"/> within sqrt(<paramref name="reach2"/>) of the track's
    /// line: rho^2 as a function of the height w above q is (1 - vz^2) w^2 - 2 b vz w + a - b^2, a quadratic solved
    /// for rho^2 = reach2. False when the line stays farther away.
    /// </summary>
    public bool TrackRange(int s, double reach2, out double zLow, out double zHigh)
    {
        var dx = _layout.StringX[s] - Qx;
        var dy = _layout.StringY[s] - Qy;
        var a = dx * dx + dy * dy;
        var b = Vx * dx + Vy * dy;
        var horizontal = 1.0 - Vz * Vz;
        if (horizontal < 1e-9)
        {
            zLow = double.NegativeInfinity;
            zHigh = double.PositiveInfinity;
            return a - b * b <= reach2;
        }

        var disc = b * b * Vz * Vz - horizontal * (a - b * b - reach2);
        if (disc < 0.0)
        {
            zLow = zHigh = 0.0;
            return false;
        }

        var root = Math.Sqrt(disc);
        zLow = Qz + (b * Vz - root) / horizontal;
        zHigh = Qz + (b * Vz + root) / horizontal;
        return true;
    }

    /// <summary>
    /// Heights [zLow, zHigh] on string <paramref name="s"/> within sqrt(<paramref name="reach2"/>) of
    /// <paramref name="cascade"/>. False when the string is farther away.
    /// </summary>
    public bool CascadeRange(int s, in Cascade cascade, double reach2, out double zLow, out double zHigh)
    {
        var dx = _layout.StringX[s] - cascade.X;
        var dy = _layout.StringY[s] - cascade.Y;
        var h2 = dx * dx + dy * dy;
        if (h2 > reach2)
        {
            zLow = zHigh = 0.0;
            return false;
        }

        var half = Math.Sqrt(reach2 - h2);
        zLow = cascade.Z - half;
        zHigh = cascade.Z + half;
        return true;
    }

    private static double MuonRange(double energy) =>
        Math.Log(1.0 + energy * MuonRadiativeLoss / MuonIonisationLoss) / MuonRadiativeLoss;

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

    private EventTopology DrawTopology(ref CounterRandom rng)
    {
        if (rng.NextDouble() >= _options.TrackFraction)
        {
            return EventTopology.Cascade;
        }

        return rng.NextDouble() < StartingTrackShare ? EventTopology.StartingTrack : EventTopology.ThroughGoingTrack;
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
            AddCascade(Qx + along * Vx, Qy + along * Vy, Qz + along * Vz, along / LightInIce.SpeedOfLight, CascadeYield * energy);
        }
    }

    // The part [from, to] of the track (m along v from q) inside a sphere around the detector that is
    // VertexMargin larger than the sphere enclosing it.
    private (double From, double To) NearDetector()
    {
        var centreZ = 0.5 * (_layout.Top + _layout.Bottom);
        var halfHeight = 0.5 * (_layout.Top - _layout.Bottom);
        var radius = Math.Sqrt(_layout.Radius * _layout.Radius + halfHeight * halfHeight) + VertexMargin;
        var dx = Qx - _layout.CentreX;
        var dy = Qy - _layout.CentreY;
        var dz = Qz - centreZ;
        var b = dx * Vx + dy * Vy + dz * Vz;
        var disc = b * b - (dx * dx + dy * dy + dz * dz - radius * radius);
        if (disc <= 0.0)
        {
            return (0.0, 0.0);
        }

        var root = Math.Sqrt(disc);
        return (Math.Max(TrackStart, -b - root), Math.Min(TrackEnd, -b + root));
    }

    private void AddCascade(double x, double y, double z, double time, double yield)
    {
        if (yield <= 0.0)
        {
            return;
        }

        _cascades[_cascadeCount++] = new Cascade(x, y, z, time, yield);
    }
}
