namespace IceCube.Reco.Data;

/// <summary>
/// The meta rows of one batch file, in meta order: event ids, inclusive pulse row ranges and, for the train
/// split, the target angles in radians. Arrays only grow, so a reused instance stops allocating.
/// </summary>
internal sealed class BatchEvents
{
    private long[] _eventId = [];
    private long[] _firstPulse = [];
    private long[] _lastPulse = [];
    private double[] _azimuth = [];
    private double[] _zenith = [];

    /// <summary>batch_id the rows belong to.</summary>
    public long BatchId { get; private set; }

    /// <summary>Number of events.</summary>
    public int Count { get; private set; }

    /// <summary>True when <see cref="Azimuth"/> and <see cref="Zenith"/> hold targets.</summary>
    public bool HasTargets { get; private set; }

    /// <summary>event_id of each event.</summary>
    public ReadOnlySpan<long> EventId => _eventId.AsSpan(0, Count);

    /// <summary>First pulse row of each event in its batch file (inclusive).</summary>
    public ReadOnlySpan<long> FirstPulse => _firstPulse.AsSpan(0, Count);

    /// <summary>Last pulse row of each event in its batch file (inclusive).</summary>
    public ReadOnlySpan<long> LastPulse => _lastPulse.AsSpan(0, Count);

    /// <summary>True azimuth in radians (train split only).</summary>
    public ReadOnlySpan<double> Azimuth => _azimuth.AsSpan(0, HasTargets ? Count : 0);

    /// <summary>True zenith in radians (train split only).</summary>
    public ReadOnlySpan<double> Zenith => _zenith.AsSpan(0, HasTargets ? Count : 0);

    /// <summary>Empties the set for a new batch.</summary>
    public void Reset(long batchId, bool hasTargets)
    {
        BatchId = batchId;
        HasTargets = hasTargets;
        Count = 0;
    }

    /// <summary>Appends one event; the angles are ignored without targets.</summary>
    public void Add(long eventId, long firstPulse, long lastPulse, double azimuth, double zenith)
    {
        if (Count == _eventId.Length)
        {
            var capacity = Math.Max(1024, _eventId.Length * 2);
            Array.Resize(ref _eventId, capacity);
            Array.Resize(ref _firstPulse, capacity);
            Array.Resize(ref _lastPulse, capacity);
            Array.Resize(ref _azimuth, capacity);
            Array.Resize(ref _zenith, capacity);
        }

        _eventId[Count] = eventId;
        _firstPulse[Count] = firstPulse;
        _lastPulse[Count] = lastPulse;
        _azimuth[Count] = azimuth;
        _zenith[Count] = zenith;
        Count++;
    }
}
