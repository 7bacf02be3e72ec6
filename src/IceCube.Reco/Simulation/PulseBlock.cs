namespace IceCube.Reco.Simulation;

/// <summary>
/// Columnar pulses and per-event truth of consecutive simulated events, grown as events are appended. Pulse
/// ranges are row positions inside this block, both ends inclusive.
/// </summary>
internal sealed class PulseBlock
{
    private short[] _sensorId;
    private long[] _time;
    private double[] _charge;
    private bool[] _auxiliary;
    private long[] _pulseEventId;

    /// <summary>Creates a block for <paramref name="events"/> events and about <paramref name="pulses"/> pulses.</summary>
    public PulseBlock(int events, int pulses)
    {
        EventId = new long[events];
        FirstPulse = new long[events];
        LastPulse = new long[events];
        Azimuth = new double[events];
        Zenith = new double[events];
        Energy = new double[events];
        Topology = new int[events];
        _sensorId = new short[pulses];
        _time = new long[pulses];
        _charge = new double[pulses];
        _auxiliary = new bool[pulses];
        _pulseEventId = new long[pulses];
    }

    /// <summary>Events held.</summary>
    public int EventCount { get; private set; }

    /// <summary>Pulses held.</summary>
    public int PulseCount { get; private set; }

    /// <summary>Event ids, by event.</summary>
    public long[] EventId { get; }

    /// <summary>First pulse row of each event.</summary>
    public long[] FirstPulse { get; }

    /// <summary>Last pulse row of each event (inclusive).</summary>
    public long[] LastPulse { get; }

    /// <summary>True azimuth (rad) of each event.</summary>
    public double[] Azimuth { get; }

    /// <summary>True zenith (rad) of each event.</summary>
    public double[] Zenith { get; }

    /// <summary>Energy (GeV) of each event.</summary>
    public double[] Energy { get; }

    /// <summary>Topology of each event, as <see cref="EventTopology"/> values.</summary>
    public int[] Topology { get; }

    /// <summary>Sensor ids of the pulses.</summary>
    public ReadOnlySpan<short> SensorId => _sensorId.AsSpan(0, PulseCount);

    /// <summary>Pulse times (ns).</summary>
    public ReadOnlySpan<long> Time => _time.AsSpan(0, PulseCount);

    /// <summary>Pulse charges (p.e.).</summary>
    public ReadOnlySpan<double> Charge => _charge.AsSpan(0, PulseCount);

    /// <summary>Auxiliary flags of the pulses.</summary>
    public ReadOnlySpan<bool> Auxiliary => _auxiliary.AsSpan(0, PulseCount);

    /// <summary>The event id of every pulse, the pulse file's last column.</summary>
    public ReadOnlySpan<long> PulseEventId => _pulseEventId.AsSpan(0, PulseCount);

    /// <summary>Empties the block for reuse.</summary>
    public void Clear()
    {
        EventCount = 0;
        PulseCount = 0;
    }

    /// <summary>Starts an event; its pulses follow through <see cref="AddPulse"/> and it ends with <see cref="EndEvent"/>.</summary>
    public void BeginEvent(long eventId, double azimuth, double zenith, double energy, EventTopology topology)
    {
        var e = EventCount;
        EventId[e] = eventId;
        Azimuth[e] = azimuth;
        Zenith[e] = zenith;
        Energy[e] = energy;
        Topology[e] = (int)topology;
        FirstPulse[e] = PulseCount;
    }

    /// <summary>Appends one pulse of the current event.</summary>
    public void AddPulse(short sensorId, long time, double charge, bool auxiliary)
    {
        if (PulseCount == _time.Length)
        {
            Grow();
        }

        var p = PulseCount++;
        _sensorId[p] = sensorId;
        _time[p] = time;
        _charge[p] = charge;
        _auxiliary[p] = auxiliary;
        _pulseEventId[p] = EventId[EventCount];
    }

    /// <summary>Closes the current event.</summary>
    public void EndEvent()
    {
        LastPulse[EventCount] = PulseCount - 1;
        EventCount++;
    }

    private void Grow()
    {
        var size = Math.Max(1024, _time.Length * 2);
        Array.Resize(ref _sensorId, size);
        Array.Resize(ref _time, size);
        Array.Resize(ref _charge, size);
        Array.Resize(ref _auxiliary, size);
        Array.Resize(ref _pulseEventId, size);
    }
}
