using System.Text;

namespace IceCube.Reco.Data;

/// <summary>
/// Writes a <c>batch_&lt;n&gt;.parquet</c> pulse file in the physical schema of the real competition files:
/// sensor_id INT16, time INT64 (ns), charge DOUBLE (p.e.), auxiliary BOOLEAN, and event_id INT64 as the last
/// column, named as the pandas index in the <c>pandas</c> key-value metadata. Columns are OPTIONAL as pyarrow
/// writes them, or REQUIRED on request. Each <see cref="WriteRowGroup"/> call streams one row group, so a
/// 30 M-pulse file never has to be held in memory.
/// </summary>
internal sealed class PulseBatchWriter : IDisposable
{
    private static readonly ParquetColumnSpec[] Schema =
    [
        new("sensor_id", ParquetColumnType.Int16),
        new("time", ParquetColumnType.Int64),
        new("charge", ParquetColumnType.Double),
        new("auxiliary", ParquetColumnType.Boolean),
        new("event_id", ParquetColumnType.Int64),
    ];

    private readonly ParquetTableWriter _table;

    /// <summary>Opens a temporary file beside <paramref name="path"/>.</summary>
    /// <param name="path">Final path of the batch file.</param>
    /// <param name="requiredColumns">True writes REQUIRED columns instead of pyarrow's OPTIONAL ones.</param>
    public PulseBatchWriter(string path, bool requiredColumns = false)
    {
        var metadata = new Dictionary<string, string> { ["pandas"] = PandasMetadata() };
        _table = new ParquetTableWriter(path, Schema, optionalColumns: !requiredColumns, metadata);
    }

    /// <summary>Writes one row group; all spans have one entry per pulse.</summary>
    /// <param name="sensorId">Sensor index into the geometry.</param>
    /// <param name="time">Pulse time in ns.</param>
    /// <param name="charge">Pulse charge in p.e.</param>
    /// <param name="auxiliary">True for pulses that were not fully digitised.</param>
    /// <param name="eventId">Event of each pulse; rows of one event are contiguous and sorted by time.</param>
    public void WriteRowGroup(
        ReadOnlySpan<short> sensorId,
        ReadOnlySpan<long> time,
        ReadOnlySpan<double> charge,
        ReadOnlySpan<bool> auxiliary,
        ReadOnlySpan<long> eventId)
    {
        _table.BeginRowGroup(sensorId.Length);
        _table.WriteColumn(sensorId);
        _table.WriteColumn(time);
        _table.WriteColumn(charge);
        _table.WriteColumn(auxiliary);
        _table.WriteColumn(eventId);
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit() => _table.Commit();

    /// <summary>Releases the file; without <see cref="Commit"/> the temporary file is deleted.</summary>
    public void Dispose() => _table.Dispose();

    // The document pandas/pyarrow store so that event_id comes back as the DataFrame index.
    private static string PandasMetadata()
    {
        var text = new StringBuilder();
        text.Append("{\"index_columns\": [\"event_id\"], ");
        text.Append("\"column_indexes\": [{\"name\": null, \"field_name\": null, \"pandas_type\": \"unicode\", ");
        text.Append("\"numpy_type\": \"object\", \"metadata\": {\"encoding\": \"UTF-8\"}}], \"columns\": [");
        string[] pandasTypes = ["int16", "int64", "float64", "bool", "int64"];
        for (var i = 0; i < Schema.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append("{\"name\": \"").Append(Schema[i].Name).Append("\", \"field_name\": \"").Append(Schema[i].Name);
            text.Append("\", \"pandas_type\": \"").Append(pandasTypes[i]).Append("\", \"numpy_type\": \"");
            text.Append(pandasTypes[i]).Append("\", \"metadata\": null}");
        }

        text.Append("], \"creator\": {\"library\": \"pyarrow\", \"version\": \"6.0.1\"}, \"pandas_version\": \"1.3.5\"}");
        return text.ToString();
    }
}
