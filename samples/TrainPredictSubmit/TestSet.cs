namespace TrainPredictSubmit;

/// <summary>
/// The test events the run predicts, in test meta order (the submission's order), with where their pulses are and,
/// for a simulated dataset, their true directions from test_truth.parquet.
/// </summary>
internal sealed class TestSet
{
    private TestSet(long[] eventIds, long[] batchIds, long[] firstPulse, long[] lastPulse, double[]? azimuth, double[]? zenith)
    {
        EventIds = eventIds;
        BatchIds = batchIds;
        FirstPulse = firstPulse;
        LastPulse = lastPulse;
        TrueAzimuth = azimuth;
        TrueZenith = zenith;
    }

    /// <summary>Number of events.</summary>
    public int Count => EventIds.Length;

    /// <summary>event_id of each event.</summary>
    public long[] EventIds { get; }

    /// <summary>batch_id of each event: its pulses are in test/batch_&lt;id&gt;.parquet.</summary>
    public long[] BatchIds { get; }

    /// <summary>First pulse row of each event in its batch file.</summary>
    public long[] FirstPulse { get; }

    /// <summary>Last pulse row of each event (inclusive).</summary>
    public long[] LastPulse { get; }

    /// <summary>True azimuth of each event (rad), or null when the dataset has no truth.</summary>
    public double[]? TrueAzimuth { get; }

    /// <summary>True zenith of each event (rad), or null when the dataset has no truth.</summary>
    public double[]? TrueZenith { get; }

    /// <summary>True when the true directions are known.</summary>
    public bool HasTruth => TrueAzimuth is not null;

    /// <summary>Reads the first <paramref name="maxEvents"/> events of test_meta.parquet and their truth.</summary>
    /// <param name="root">The dataset folder.</param>
    /// <param name="maxEvents">A cap, or null for all events.</param>
    /// <param name="withTruth">Read test_truth.parquet as well.</param>
    /// <exception cref="BadDataException">A file is missing, unreadable, lacks a column, or the truth lacks an
    /// event; the message names the file.</exception>
    public static TestSet Read(string root, int? maxEvents, bool withTruth)
    {
        var metaPath = Path.Combine(root, DataFolder.TestMetaFile);
        long[] eventIds, batchIds, first, last;
        using (var meta = ParquetTable.Open(metaPath))
        {
            eventIds = meta.Int64("event_id");
            batchIds = meta.Int64("batch_id");
            first = meta.Int64("first_pulse_index");
            last = meta.Int64("last_pulse_index");
        }

        if (eventIds.Length == 0)
        {
            throw new BadDataException($"{metaPath} holds no events.");
        }

        var count = maxEvents is { } cap ? Math.Min(cap, eventIds.Length) : eventIds.Length;
        eventIds = eventIds[..count];
        batchIds = batchIds[..count];
        first = first[..count];
        last = last[..count];
        if (!withTruth)
        {
            return new TestSet(eventIds, batchIds, first, last, null, null);
        }

        var (azimuth, zenith) = ReadTruth(Path.Combine(root, DataFolder.TestTruthFile), eventIds);
        return new TestSet(eventIds, batchIds, first, last, azimuth, zenith);
    }

    private static (double[] Azimuth, double[] Zenith) ReadTruth(string path, long[] eventIds)
    {
        long[] ids;
        double[] azimuth, zenith;
        using (var truth = ParquetTable.Open(path))
        {
            ids = truth.Int64("event_id");
            azimuth = truth.Double("azimuth");
            zenith = truth.Double("zenith");
        }

        var row = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            row[ids[i]] = i;
        }

        var az = new double[eventIds.Length];
        var zen = new double[eventIds.Length];
        for (var i = 0; i < eventIds.Length; i++)
        {
            if (!row.TryGetValue(eventIds[i], out var r))
            {
                throw new BadDataException($"{path}: test event {eventIds[i]} has no true direction.");
            }

            if (!double.IsFinite(azimuth[r]) || !double.IsFinite(zenith[r]))
            {
                throw new BadDataException($"{path}, row {r}: event {eventIds[i]} has a non-finite true direction.");
            }

            az[i] = azimuth[r];
            zen[i] = zenith[r];
        }

        return (az, zen);
    }
}
