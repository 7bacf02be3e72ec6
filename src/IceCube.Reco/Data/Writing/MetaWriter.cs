namespace IceCube.Reco.Data;

/// <summary>
/// Writes train_meta.parquet (with azimuth and zenith) or test_meta.parquet (without) in the competition's
/// schema: batch_id, event_id, first_pulse_index, last_pulse_index as INT64 (pulse indices are row positions in
/// the event's batch file, both inclusive), azimuth and zenith as DOUBLE radians. Streams row groups and moves the
/// file into place on <see cref="Commit"/>.
/// </summary>
internal sealed class MetaWriter : IDisposable
{
    private readonly ParquetTableWriter _table;

    /// <summary>Opens a temporary file beside <paramref name="path"/>.</summary>
    /// <param name="path">Final path of the meta file.</param>
    /// <param name="withTargets">True for train meta (azimuth and zenith columns), false for test meta.</param>
    /// <param name="requiredColumns">True writes REQUIRED columns instead of pyarrow's OPTIONAL ones.</param>
    public MetaWriter(string path, bool withTargets, bool requiredColumns = false)
    {
        List<ParquetColumnSpec> columns =
        [
            new("batch_id", ParquetColumnType.Int64),
            new("event_id", ParquetColumnType.Int64),
            new("first_pulse_index", ParquetColumnType.Int64),
            new("last_pulse_index", ParquetColumnType.Int64),
        ];
        if (withTargets)
        {
            columns.Add(new("azimuth", ParquetColumnType.Double));
            columns.Add(new("zenith", ParquetColumnType.Double));
        }

        WithTargets = withTargets;
        _table = new ParquetTableWriter(path, columns, optionalColumns: !requiredColumns);
    }

    /// <summary>True when the file has azimuth and zenith columns.</summary>
    public bool WithTargets { get; }

    /// <summary>Writes one row group of test meta (no targets).</summary>
    public void WriteRowGroup(
        ReadOnlySpan<long> batchId,
        ReadOnlySpan<long> eventId,
        ReadOnlySpan<long> firstPulseIndex,
        ReadOnlySpan<long> lastPulseIndex)
    {
        if (WithTargets)
        {
            throw new InvalidOperationException("This meta file has azimuth and zenith columns; pass the targets.");
        }

        WriteIndexColumns(batchId, eventId, firstPulseIndex, lastPulseIndex);
    }

    /// <summary>Writes one row group of train meta; angles in radians.</summary>
    public void WriteRowGroup(
        ReadOnlySpan<long> batchId,
        ReadOnlySpan<long> eventId,
        ReadOnlySpan<long> firstPulseIndex,
        ReadOnlySpan<long> lastPulseIndex,
        ReadOnlySpan<double> azimuth,
        ReadOnlySpan<double> zenith)
    {
        if (!WithTargets)
        {
            throw new InvalidOperationException("This meta file has no azimuth and zenith columns.");
        }

        WriteIndexColumns(batchId, eventId, firstPulseIndex, lastPulseIndex);
        _table.WriteColumn(azimuth);
        _table.WriteColumn(zenith);
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit() => _table.Commit();

    /// <summary>Releases the file; without <see cref="Commit"/> the temporary file is deleted.</summary>
    public void Dispose() => _table.Dispose();

    private void WriteIndexColumns(
        ReadOnlySpan<long> batchId,
        ReadOnlySpan<long> eventId,
        ReadOnlySpan<long> firstPulseIndex,
        ReadOnlySpan<long> lastPulseIndex)
    {
        _table.BeginRowGroup(batchId.Length);
        _table.WriteColumn(batchId);
        _table.WriteColumn(eventId);
        _table.WriteColumn(firstPulseIndex);
        _table.WriteColumn(lastPulseIndex);
    }
}
