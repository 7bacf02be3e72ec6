namespace IceCube.Reco.Data;

/// <summary>
/// One batch file's pulses held as columns (sensor_id, time, charge, auxiliary). The event_id column is kept
/// as runs (first row and id of each stretch of equal ids), which is all that checking an event's rows needs and
/// costs one entry per event instead of one per pulse. The arrays only grow, so a reused instance stops
/// allocating once it has held the largest file.
/// </summary>
internal sealed class PulseBatch
{
    private short[] _sensorId = [];
    private long[] _time = [];
    private float[] _charge = [];
    private bool[] _auxiliary = [];
    private int[] _runStart = [];
    private long[] _runEventId = [];
    private int _runCount;

    /// <summary>Path of the file the pulses came from, for error messages.</summary>
    public string Path { get; private set; } = string.Empty;

    /// <summary>batch_id of the file.</summary>
    public long BatchId { get; private set; }

    /// <summary>Number of pulses (rows) in the file.</summary>
    public int Count { get; private set; }

    /// <summary>Number of runs of equal event_id.</summary>
    public int RunCount => _runCount;

    /// <summary>Sensor column; valid for rows 0 to Count - 1.</summary>
    public Span<short> SensorId => _sensorId.AsSpan(0, Count);

    /// <summary>Time column in ns.</summary>
    public Span<long> Time => _time.AsSpan(0, Count);

    /// <summary>Charge column in p.e.</summary>
    public Span<float> Charge => _charge.AsSpan(0, Count);

    /// <summary>Auxiliary column.</summary>
    public Span<bool> Auxiliary => _auxiliary.AsSpan(0, Count);

    /// <summary>Empties the batch and makes room for <paramref name="rows"/> pulses.</summary>
    public void Reset(string path, long batchId, int rows)
    {
        Path = path;
        BatchId = batchId;
        Count = rows;
        _runCount = 0;
        if (_sensorId.Length < rows)
        {
            // Grow with headroom so files of slightly different sizes do not each reallocate.
            var capacity = (int)Math.Min(Array.MaxLength, rows + (long)rows / 8);
            _sensorId = new short[capacity];
            _time = new long[capacity];
            _charge = new float[capacity];
            _auxiliary = new bool[capacity];
        }
    }

    /// <summary>Appends the event ids of rows starting at <paramref name="firstRow"/>, as runs.</summary>
    public void AppendEventIds(int firstRow, ReadOnlySpan<long> eventIds)
    {
        for (var i = 0; i < eventIds.Length; i++)
        {
            var id = eventIds[i];
            if (_runCount > 0 && _runEventId[_runCount - 1] == id)
            {
                continue;
            }

            if (_runCount == _runStart.Length)
            {
                var capacity = Math.Max(1024, _runStart.Length * 2);
                Array.Resize(ref _runStart, capacity);
                Array.Resize(ref _runEventId, capacity);
            }

            _runStart[_runCount] = firstRow + i;
            _runEventId[_runCount] = id;
            _runCount++;
        }
    }

    /// <summary>
    /// The pulses of an event given its inclusive row range from the meta; an empty range is
    /// <paramref name="lastRow"/> = <paramref name="firstRow"/> - 1.
    /// </summary>
    /// <exception cref="InvalidDataException">The range is outside the file, or the event_id column does not hold
    /// <paramref name="eventId"/> on every row of it.</exception>
    public EventPulses GetEvent(long eventId, long firstRow, long lastRow)
    {
        var length = lastRow - firstRow + 1;
        if (firstRow < 0 || length < 0 || lastRow >= Count)
        {
            throw new InvalidDataException(
                $"{Path}: batch {BatchId}, event {eventId}: pulse rows {firstRow}..{lastRow} are outside the file's " +
                $"{Count} rows.");
        }

        if (length > 0)
        {
            CheckEventRows(eventId, (int)firstRow, (int)lastRow);
        }

        var start = (int)firstRow;
        var count = (int)length;
        return new EventPulses(
            _sensorId.AsSpan(start, count),
            _time.AsSpan(start, count),
            _charge.AsSpan(start, count),
            _auxiliary.AsSpan(start, count));
    }

    // Every row of the range holds the event's id exactly when both ends fall in the same run of that id.
    private void CheckEventRows(long eventId, int firstRow, int lastRow)
    {
        var run = RunContaining(firstRow);
        var runEnd = run + 1 < _runCount ? _runStart[run + 1] : Count;
        if (_runEventId[run] != eventId || lastRow >= runEnd)
        {
            var found = _runEventId[run] != eventId ? _runEventId[run] : _runEventId[RunContaining(lastRow)];
            throw new InvalidDataException(
                $"{Path}: batch {BatchId}, event {eventId}: pulse rows {firstRow}..{lastRow} hold event_id {found}; " +
                "the meta and the batch file do not match.");
        }
    }

    private int RunContaining(int row)
    {
        var index = Array.BinarySearch(_runStart, 0, _runCount, row);
        return index >= 0 ? index : ~index - 1;
    }
}
