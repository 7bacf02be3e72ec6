namespace IceCube.Reco.Simulation;

/// <summary>
/// Simulates single events into a <see cref="PulseBlock"/>. Holds the scratch buffers of one worker, so each
/// thread uses its own instance; an event depends only on the seed, the options and its index.
/// </summary>
/// <remarks>
/// The model, step by step (constants and their reasoning are in docs/simulation.md):
/// <list type="number">
/// <item>Kinematics (<see cref="EventSources"/>): isotropic direction u (the particle travels along -u), a topology,
/// an energy from the power law, and a position: through-going muons cross a disk 300 m wider than the detector,
/// vertices of starting tracks and cascades fill a cylinder 100 m larger than it.</item>
/// <item>Light (<see cref="TrackLight"/>, <see cref="CascadeLight"/>): expected photo-electrons per sensor fall
/// with distance and with the ice's attenuation along the path, scale with the sensor's efficiency and a mild
/// preference for light arriving from below; only sensors inside the source's reach are visited, found per string
/// by solving a quadratic in z.</item>
/// <item>Photons (<see cref="PhotonEmitter"/>, <see cref="PulseBuffer"/>): a Poisson count per sensor, each delayed
/// after its direct (Cherenkov) arrival by a Pandel gamma-distributed time whose spread grows with distance in
/// scattering lengths; photons within 10 ns on one sensor merge into one pulse whose charge sums
/// single-photo-electron draws.</item>
/// <item>Trigger (<see cref="LocalCoincidence"/>): at least 8 locally coincident pulses (a simplified SMT8),
/// otherwise the energy and position are redrawn from the same stream (topology and direction stay), as the real
/// data only holds triggered events.</item>
/// <item>Readout (<see cref="PulseBuffer"/>): times shifted so the 8th coincident pulse falls 4 us into a window
/// opening at 5,700 ns, dark noise added uniformly over the window, local coincidence decided again, pulses sorted
/// by time.</item>
/// </list>
/// Every step draws from the event's one random stream in this order, so the order of the calls below fixes the
/// simulated events.
/// </remarks>
internal sealed class EventGenerator
{
    // Sensors expecting fewer p.e. than this are skipped; raising it from 0.005 to 0.01 cost 0.8 of ~80 pulses
    // per event (1%) and saved a sixth of the time.
    private const double MinimumExpectation = 0.01;

    // The trigger is decided on sensors expecting at least this many p.e.; fainter ones rarely form coincidences.
    private const double NearExpectation = 0.05;

    // An attempt goes on to the light simulation only when at least TriggerHits sensors lie close enough to
    // expect this many p.e. in the clearest ice; below it eight coincident pulses are practically impossible.
    private const double TriggerExpectation = 0.3;

    // Give up redrawing after this many attempts and keep the last draw.
    private const int MaxAttempts = 200;

    private readonly DetectorLayout _layout;
    private readonly SimulationOptions _options;
    private readonly IceModel _ice = IceModel.Default;
    private readonly EventSources _sources;
    private readonly PhotonEmitter _photons;
    private readonly TrackLight _trackLight;
    private readonly CascadeLight _cascadeLight;
    private readonly PulseBuffer _pulses;
    private readonly LocalCoincidence _coincidence;

    /// <summary>Creates a worker for <paramref name="layout"/> under <paramref name="options"/> (already validated).</summary>
    public EventGenerator(DetectorLayout layout, SimulationOptions options)
    {
        _layout = layout;
        _options = options;
        _sources = new EventSources(layout, options);
        _photons = new PhotonEmitter(layout, _ice);
        _trackLight = new TrackLight(layout, _ice, _sources, _photons);
        _cascadeLight = new CascadeLight(layout, _ice, _sources, _photons);
        _pulses = new PulseBuffer(layout, options);
        _coincidence = new LocalCoincidence(layout);
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
        _sources.DrawEvent(ref rng);
        var coincident = 0;
        for (var attempt = 0; attempt < MaxAttempts && coincident < LocalCoincidence.TriggerHits; attempt++)
        {
            _photons.Clear();
            _pulses.Clear();
            _sources.DrawAttempt(ref rng);
            if (!CouldTrigger())
            {
                continue;
            }

            // Bright sensors first: they decide the trigger, and the many faint ones are simulated only for
            // attempts that pass it, which saves most of the work on the attempts that are redrawn.
            AddLight(ref rng, NearExpectation, double.PositiveInfinity);
            _pulses.Form(_photons, ref rng);
            coincident = _coincidence.Mark(_pulses);
            if (coincident >= LocalCoincidence.TriggerHits)
            {
                AddLight(ref rng, MinimumExpectation, NearExpectation);
                _pulses.Form(_photons, ref rng);
                coincident = _coincidence.Mark(_pulses);
            }
        }

        _pulses.PlaceInWindow(coincident);
        _pulses.AddNoise(ref rng);
        _pulses.SortBySensorAndTime();
        _coincidence.Mark(_pulses);
        var (azimuth, zenith) = IceCube.Reco.Physics.Direction.FromUnitVector(_sources.Ux, _sources.Uy, _sources.Uz);
        block.BeginEvent(EventIdOf(_options.Seed, eventIndex), azimuth, zenith, _sources.Energy, _sources.Topology);
        _pulses.WriteTo(block);
        block.EndEvent();
    }

    // Emits the photons of every source on the sensors expecting at least floor and less than ceiling p.e.
    private void AddLight(ref CounterRandom rng, double floor, double ceiling)
    {
        _photons.SetBand(floor, ceiling);
        if (_sources.TrackYield > 0.0)
        {
            _trackLight.Add(ref rng);
        }

        foreach (ref readonly var cascade in _sources.Cascades)
        {
            _cascadeLight.Add(ref rng, cascade);
        }
    }

    // A cheap necessary condition for the trigger: at least TriggerHits sensors close enough to expect
    // TriggerExpectation p.e. in the clearest ice. Attempts that fail it skip the light simulation.
    private bool CouldTrigger()
    {
        var candidates = 0;
        if (_sources.TrackYield > 0.0)
        {
            var (low, high) = _sources.TrackHeights();
            var reach = LightInIce.LocalReach(_ice, _layout, _sources.TrackYield, 1, TriggerExpectation, low, high);
            var radius = reach + _layout.StringSpread;
            for (var s = 0; s < _layout.StringCount && candidates < LocalCoincidence.TriggerHits; s++)
            {
                if (_sources.TrackRange(s, radius * radius, out var zLow, out var zHigh))
                {
                    candidates += _layout.SensorsBetween(s, zLow, zHigh).Length;
                }
            }
        }

        foreach (ref readonly var cascade in _sources.Cascades)
        {
            if (candidates >= LocalCoincidence.TriggerHits)
            {
                break;
            }

            var reach = LightInIce.LocalReach(
                _ice, _layout, cascade.Yield * CascadeLight.MaxProfile, 2, TriggerExpectation, cascade.Z, cascade.Z);
            var radius = reach + _layout.StringSpread;
            for (var s = 0; s < _layout.StringCount && candidates < LocalCoincidence.TriggerHits; s++)
            {
                if (_sources.CascadeRange(s, cascade, radius * radius, out var zLow, out var zHigh))
                {
                    candidates += _layout.SensorsBetween(s, zLow, zHigh).Length;
                }
            }
        }

        return candidates >= LocalCoincidence.TriggerHits;
    }
}
