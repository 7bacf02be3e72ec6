namespace IceCube.Reco.Data;

/// <summary>
/// Writes a per-event angle table, sample_submission.parquet or test_truth.parquet: event_id INT64, azimuth and
/// zenith DOUBLE (radians), then any extra columns the caller declares (for example an INT32 topology or a DOUBLE
/// energy). Each row group is <see cref="WriteRowGroup"/> followed by one <c>WriteExtraColumn</c> per extra column
/// in declared order. Moves the file into place on <see cref="Commit"/>.
/// </summary>
internal sealed class EventAnglesWriter : IDisposable
{
    private readonly ParquetTableWriter _table;

    /// <summary>Opens a temporary file beside <paramref name="path"/>.</summary>
    /// <param name="path">Final path.</param>
    /// <param name="extraColumns">Columns after zenith, or null for none.</param>
    /// <param name="requiredColumns">True writes REQUIRED columns instead of pyarrow's OPTIONAL ones.</param>
    public EventAnglesWriter(string path, IReadOnlyList<ParquetColumnSpec>? extraColumns = null, bool requiredColumns = false)
    {
        List<ParquetColumnSpec> columns =
        [
            new("event_id", ParquetColumnType.Int64),
            new("azimuth", ParquetColumnType.Double),
            new("zenith", ParquetColumnType.Double),
        ];
        if (extraColumns is not null)
        {
            columns.AddRange(extraColumns);
        }

        _table = new ParquetTableWriter(path, columns, optionalColumns: !requiredColumns);
    }

    /// <summary>Starts a row group and writes its event_id, azimuth and zenith columns.</summary>
    public void WriteRowGroup(ReadOnlySpan<long> eventId, ReadOnlySpan<double> azimuth, ReadOnlySpan<double> zenith)
    {
        _table.BeginRowGroup(eventId.Length);
        _table.WriteColumn(eventId);
        _table.WriteColumn(azimuth);
        _table.WriteColumn(zenith);
    }

    /// <summary>Writes the next extra column of the current row group.</summary>
    public void WriteExtraColumn(ReadOnlySpan<int> values) => _table.WriteColumn(values);

    /// <summary>Writes the next extra column of the current row group.</summary>
    public void WriteExtraColumn(ReadOnlySpan<long> values) => _table.WriteColumn(values);

    /// <summary>Writes the next extra column of the current row group.</summary>
    public void WriteExtraColumn(ReadOnlySpan<float> values) => _table.WriteColumn(values);

    /// <summary>Writes the next extra column of the current row group.</summary>
    public void WriteExtraColumn(ReadOnlySpan<double> values) => _table.WriteColumn(values);

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit() => _table.Commit();

    /// <summary>Releases the file; without <see cref="Commit"/> the temporary file is deleted.</summary>
    public void Dispose() => _table.Dispose();
}
