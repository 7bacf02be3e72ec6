using ParquetSharp;

namespace IceCube.Reco.Data;

/// <summary>
/// Reads a whole batch_&lt;n&gt;.parquet into a <see cref="PulseBatch"/>, row group by row group, columns found
/// by name. Sensor ids are checked against the geometry, charges must be finite and positive (p.e.).
/// One instance per thread: it owns the conversion buffers.
/// </summary>
internal sealed class PulseBatchReader
{
    private static readonly PhysicalType[] Integer = [PhysicalType.Int32, PhysicalType.Int64];
    private static readonly PhysicalType[] Real = [PhysicalType.Float, PhysicalType.Double];
    private static readonly PhysicalType[] Flag = [PhysicalType.Boolean];

    private readonly ParquetColumnReader _columns = new();
    private readonly long[] _eventIds = new long[ParquetColumnReader.ChunkLength];

    /// <summary>Fills <paramref name="batch"/> from the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not readable parquet, lacks a column, has an unsupported
    /// type, a null, a sensor id outside the geometry, or a charge that is not a finite positive number.</exception>
    public void Read(string path, long batchId, int sensorCount, PulseBatch batch)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Batch file for batch_id {batchId} not found: {path} ({KaggleLayout.Description}).", path);
        }

        try
        {
            using var file = new ParquetFileReader(path);
            var rows = file.FileMetaData.NumRows;
            if (rows > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}: {rows} rows are more than one batch can hold ({Array.MaxLength}).");
            }

            var sensorColumn = ParquetColumnReader.FindColumn(file, path, "sensor_id", Integer);
            var timeColumn = ParquetColumnReader.FindColumn(file, path, "time", Integer);
            var chargeColumn = ParquetColumnReader.FindColumn(file, path, "charge", Real);
            var auxiliaryColumn = ParquetColumnReader.FindColumn(file, path, "auxiliary", Flag);
            var eventColumn = ParquetColumnReader.FindColumn(file, path, "event_id", Integer);
            batch.Reset(path, batchId, (int)rows);
            var offset = 0;
            for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                var length = checked((int)group.MetaData.NumRows);
                if (offset + (long)length > rows)
                {
                    throw new InvalidDataException($"{path}: row groups hold more rows than the file's {rows}.");
                }

                using (var column = group.Column(sensorColumn))
                {
                    _columns.ReadIndex16(column, path, offset, sensorCount, batch.SensorId.Slice(offset, length));
                }

                using (var column = group.Column(timeColumn))
                {
                    _columns.ReadInt64(column, path, batch.Time.Slice(offset, length));
                }

                using (var column = group.Column(chargeColumn))
                {
                    var charge = batch.Charge.Slice(offset, length);
                    _columns.ReadSingle(column, path, charge);
                    CheckCharges(path, offset, charge);
                }

                using (var column = group.Column(auxiliaryColumn))
                {
                    _columns.ReadBoolean(column, path, batch.Auxiliary.Slice(offset, length));
                }

                using (var column = group.Column(eventColumn))
                {
                    for (var start = 0; start < length; start += _eventIds.Length)
                    {
                        var chunk = _eventIds.AsSpan(0, Math.Min(_eventIds.Length, length - start));
                        _columns.ReadInt64(column, path, chunk);
                        batch.AppendEventIds(offset + start, chunk);
                    }
                }

                offset += length;
            }

            if (offset != rows)
            {
                throw new InvalidDataException($"{path}: row groups hold {offset} rows, the footer says {rows}.");
            }
        }
        catch (ParquetException error)
        {
            throw new InvalidDataException($"{path}: not a readable parquet batch file: {error.Message}", error);
        }
    }

    private static void CheckCharges(string path, long firstRow, ReadOnlySpan<float> charge)
    {
        for (var i = 0; i < charge.Length; i++)
        {
            // The negated comparison also catches NaN; log10 of the charge must exist.
            if (!(charge[i] > 0f) || float.IsPositiveInfinity(charge[i]))
            {
                throw new InvalidDataException(
                    $"{path}: column 'charge' row {firstRow + i} holds {charge[i]}; charges must be finite and " +
                    "positive (p.e.).");
            }
        }
    }
}
