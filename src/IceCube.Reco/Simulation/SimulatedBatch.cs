namespace IceCube.Reco.Simulation;

/// <summary>
/// Simulated events held in memory in the shape of a batch file plus its meta: columnar pulses (one entry per
/// pulse, events contiguous and sorted by time) and per-event truth with each event's pulse range
/// (row positions, first and last both inclusive).
/// </summary>
public sealed class SimulatedBatch
{
    private readonly short[] _sensorId;
    private readonly long[] _time;
    private readonly double[] _charge;
    private readonly bool[] _auxiliary;
    private readonly long[] _eventId;
    private readonly long[] _firstPulseIndex;
    private readonly long[] _lastPulseIndex;
    private readonly double[] _azimuth;
    private readonly double[] _zenith;
    private readonly double[] _energy;
    private readonly EventTopology[] _topology;

    internal SimulatedBatch(IReadOnlyList<PulseBlock> blocks)
    {
        var events = blocks.Sum(b => b.EventCount);
        var pulses = blocks.Sum(b => (long)b.PulseCount);
        if (pulses > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The simulated events hold {pulses} pulses, more than one in-memory batch can; simulate fewer events.");
        }

        _sensorId = new short[pulses];
        _time = new long[pulses];
        _charge = new double[pulses];
        _auxiliary = new bool[pulses];
        _eventId = new long[events];
        _firstPulseIndex = new long[events];
        _lastPulseIndex = new long[events];
        _azimuth = new double[events];
        _zenith = new double[events];
        _energy = new double[events];
        _topology = new EventTopology[events];
        var e = 0;
        var p = 0;
        foreach (var block in blocks)
        {
            block.SensorId.CopyTo(_sensorId.AsSpan(p));
            block.Time.CopyTo(_time.AsSpan(p));
            block.Charge.CopyTo(_charge.AsSpan(p));
            block.Auxiliary.CopyTo(_auxiliary.AsSpan(p));
            for (var i = 0; i < block.EventCount; i++)
            {
                _eventId[e] = block.EventId[i];
                _firstPulseIndex[e] = block.FirstPulse[i] + p;
                _lastPulseIndex[e] = block.LastPulse[i] + p;
                _azimuth[e] = block.Azimuth[i];
                _zenith[e] = block.Zenith[i];
                _energy[e] = block.Energy[i];
                _topology[e] = (EventTopology)block.Topology[i];
                e++;
            }

            p += block.PulseCount;
        }
    }

    /// <summary>Number of events.</summary>
    public int EventCount => _eventId.Length;

    /// <summary>Number of pulses over all events.</summary>
    public int PulseCount => _time.Length;

    /// <summary>Sensor of each pulse (index into the geometry).</summary>
    public ReadOnlySpan<short> SensorId => _sensorId;

    /// <summary>Time of each pulse in ns.</summary>
    public ReadOnlySpan<long> Time => _time;

    /// <summary>Charge of each pulse in p.e. (multiples of 0.025, float32 values).</summary>
    public ReadOnlySpan<double> Charge => _charge;

    /// <summary>Auxiliary flag of each pulse: true when no neighbouring sensor on its string saw light within 1 us.</summary>
    public ReadOnlySpan<bool> Auxiliary => _auxiliary;

    /// <summary>Event id of each event, strictly increasing.</summary>
    public ReadOnlySpan<long> EventId => _eventId;

    /// <summary>First pulse row of each event.</summary>
    public ReadOnlySpan<long> FirstPulseIndex => _firstPulseIndex;

    /// <summary>Last pulse row of each event (inclusive).</summary>
    public ReadOnlySpan<long> LastPulseIndex => _lastPulseIndex;

    /// <summary>True azimuth of each event in radians, [0, 2pi).</summary>
    public ReadOnlySpan<double> Azimuth => _azimuth;

    /// <summary>True zenith of each event in radians, [0, pi].</summary>
    public ReadOnlySpan<double> Zenith => _zenith;

    /// <summary>Energy of each event in GeV (the neutrino's; for through-going tracks the muon's at the detector).</summary>
    public ReadOnlySpan<double> Energy => _energy;

    /// <summary>Light-source topology of each event.</summary>
    public ReadOnlySpan<EventTopology> Topology => _topology;
}
