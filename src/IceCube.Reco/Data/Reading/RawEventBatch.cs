namespace IceCube.Reco.Data;

/// <summary>
/// The raw events of one batch file, in meta order, as columns: per event its event_id and the inclusive row range
/// of its pulses, and the file's pulse columns that those ranges index. Every range has been checked to lie inside
/// the file and to hold the event's own event_id. The train split also carries the target angles.
/// </summary>
/// <remarks>
/// An enumeration of <see cref="KaggleDataset.TestEvents"/> or <see cref="KaggleDataset.TrainEvents"/> reuses one
/// instance and its buffers for every file, so memory stays bounded by the largest batch file: the spans are valid
/// only until the enumeration moves on. Copy what must outlive it.
/// </remarks>
/// <example>
/// <code>
/// foreach (var batch in data.TestEvents())
/// {
///     var azimuth = new double[batch.EventCount];
///     var zenith = new double[batch.EventCount];
///     LineFitBaseline.FitBatch(data.Geometry, batch, azimuth, zenith);
/// }
/// </code>
/// </example>
public sealed class RawEventBatch
{
    private readonly BatchEvents _events;
    private readonly PulseBatch _pulses;

    internal RawEventBatch(BatchEvents events, PulseBatch pulses)
    {
        _events = events;
        _pulses = pulses;
    }

    /// <summary>batch_id of the file.</summary>
    public long BatchId => _events.BatchId;

    /// <summary>Path of the batch file the pulses came from.</summary>
    public string Path => _pulses.Path;

    /// <summary>Number of events yielded from this file (fewer than the file holds when a cap is reached).</summary>
    public int EventCount { get; private set; }

    /// <summary>event_id of each event, in meta order.</summary>
    public ReadOnlySpan<long> EventIds => _events.EventId[..EventCount];

    /// <summary>First pulse row of each event in the pulse columns (inclusive).</summary>
    public ReadOnlySpan<long> FirstPulseIndex => _events.FirstPulse[..EventCount];

    /// <summary>Last pulse row of each event (inclusive); first - 1 for an event without pulses.</summary>
    public ReadOnlySpan<long> LastPulseIndex => _events.LastPulse[..EventCount];

    /// <summary>True for the train split, whose meta gives each event's direction; test truth is read with
    /// <see cref="KaggleDataset.ReadTestTruth"/>.</summary>
    public bool HasTargets => _events.HasTargets;

    /// <summary>True azimuth of each event (rad) when <see cref="HasTargets"/>; empty otherwise.</summary>
    public ReadOnlySpan<double> Azimuth => HasTargets ? _events.Azimuth[..EventCount] : [];

    /// <summary>True zenith of each event (rad) when <see cref="HasTargets"/>; empty otherwise.</summary>
    public ReadOnlySpan<double> Zenith => HasTargets ? _events.Zenith[..EventCount] : [];

    /// <summary>Number of pulse rows in the file.</summary>
    public int PulseCount => _pulses.Count;

    /// <summary>Sensor of each pulse row, an index into <see cref="KaggleDataset.Geometry"/> (checked).</summary>
    public ReadOnlySpan<short> SensorId => _pulses.SensorId;

    /// <summary>Time of each pulse row (ns).</summary>
    public ReadOnlySpan<long> Time => _pulses.Time;

    /// <summary>Charge of each pulse row (p.e.), finite and positive.</summary>
    public ReadOnlySpan<float> Charge => _pulses.Charge;

    /// <summary>Auxiliary flag of each pulse row: true for pulses that were not fully digitised.</summary>
    public ReadOnlySpan<bool> Auxiliary => _pulses.Auxiliary;

    /// <summary>Keeps the first <paramref name="events"/> events, checking each one's pulse rows against the file.</summary>
    /// <exception cref="InvalidDataException">A range lies outside the file or holds another event_id.</exception>
    internal void Take(int events)
    {
        var ids = _events.EventId;
        var first = _events.FirstPulse;
        var last = _events.LastPulse;
        for (var e = 0; e < events; e++)
        {
            _pulses.GetEvent(ids[e], first[e], last[e]);
        }

        EventCount = events;
    }
}
