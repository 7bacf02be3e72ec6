using System.Runtime.ExceptionServices;
using ParquetSharp;

namespace IceCube.Reco.Data;

/// <summary>
/// Reads a whole batch_&lt;n&gt;.parquet into a <see cref="PulseBatch"/>, columns found by name. Sensor ids are
/// checked against the geometry, charges must be finite and positive (p.e.). The five columns are independent
/// streams, so two threads share them, each with its own file handle: every thread takes the next unread column
/// (the costliest first) and reads it through all row groups in order. Which thread reads a column does not change
/// a single value written. One instance per caller thread: it owns the conversion buffers.
/// </summary>
internal sealed class PulseBatchReader
{
    private static readonly PhysicalType[] Integer = [PhysicalType.Int32, PhysicalType.Int64];
    private static readonly PhysicalType[] Real = [PhysicalType.Float, PhysicalType.Double];
    private static readonly PhysicalType[] Flag = [PhysicalType.Boolean];

    // The columns in the order threads take them: the costliest to decode and convert first, so the two threads
    // finish close together.
    private static readonly PulseColumn[] Order =
        [PulseColumn.Time, PulseColumn.Charge, PulseColumn.SensorId, PulseColumn.EventId, PulseColumn.Auxiliary];

    // More threads than this would need more file handles and cores than a 2-core host has to give; the next file
    // is prefetched while the current one is featurised, so reading should not take every core.
    private static readonly int Threads = Math.Min(2, Environment.ProcessorCount);

    private readonly ParquetColumnReader[] _columns = [new(), new()];
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

            var layout = new PulseFileLayout(
                path,
                sensorCount,
                RowGroupOffsets(file, path, rows),
                [
                    ParquetColumnReader.FindColumn(file, path, "sensor_id", Integer),
                    ParquetColumnReader.FindColumn(file, path, "time", Integer),
                    ParquetColumnReader.FindColumn(file, path, "charge", Real),
                    ParquetColumnReader.FindColumn(file, path, "auxiliary", Flag),
                    ParquetColumnReader.FindColumn(file, path, "event_id", Integer),
                ]);
            batch.Reset(path, batchId, (int)rows);
            ReadColumns(file, layout, batch);
        }
        catch (ParquetException error)
        {
            throw new InvalidDataException($"{path}: not a readable parquet batch file: {error.Message}", error);
        }
    }

    // First row of each row group, plus the total at the end; checked against the footer's row count.
    private static int[] RowGroupOffsets(ParquetFileReader file, string path, long rows)
    {
        var groups = file.FileMetaData.NumRowGroups;
        var offsets = new int[groups + 1];
        long offset = 0;
        for (var g = 0; g < groups; g++)
        {
            using var group = file.RowGroup(g);
            offset += group.MetaData.NumRows;
            if (offset > rows)
            {
                throw new InvalidDataException($"{path}: row groups hold more rows than the file's {rows}.");
            }

            offsets[g + 1] = (int)offset;
        }

        if (offset != rows)
        {
            throw new InvalidDataException($"{path}: row groups hold {offset} rows, the footer says {rows}.");
        }

        return offsets;
    }

    // The calling thread and one helper take columns from a shared counter until none is left. The first error in
    // column order is rethrown with its own type once both threads have stopped touching the batch.
    private void ReadColumns(ParquetFileReader file, PulseFileLayout layout, PulseBatch batch)
    {
        var next = -1;
        var errors = new Exception?[Order.Length];
        void Work(ParquetFileReader reader, ParquetColumnReader columns)
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < Order.Length)
            {
                try
                {
                    ReadColumn(reader, columns, layout, Order[k], batch);
                }
                catch (Exception error)
                {
                    errors[k] = error;
                    // Stop handing out columns; the batch is lost anyway.
                    Interlocked.Exchange(ref next, Order.Length);
                }
            }
        }

        // A dedicated thread rather than the pool: this runs on pool threads itself and must not wait on one.
        var helper = Threads > 1
            ? Task.Factory.StartNew(
                () =>
                {
                    if (Volatile.Read(ref next) + 1 >= Order.Length)
                    {
                        return;
                    }

                    using var own = new ParquetFileReader(layout.Path);
                    Work(own, _columns[1]);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)
            : Task.CompletedTask;
        try
        {
            Work(file, _columns[0]);
        }
        finally
        {
            try
            {
                helper.Wait();
            }
            catch (AggregateException)
            {
                // Only opening the helper's own handle can fail here (column errors are recorded above); the calling
                // thread then read every column itself, so nothing is missing.
            }
        }

        foreach (var error in errors)
        {
            if (error is not null)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
    }

    private void ReadColumn(ParquetFileReader file, ParquetColumnReader columns, PulseFileLayout layout, PulseColumn which, PulseBatch batch)
    {
        var path = layout.Path;
        var offsets = layout.RowGroupOffsets;
        for (var g = 0; g + 1 < offsets.Length; g++)
        {
            var offset = offsets[g];
            var length = offsets[g + 1] - offset;
            using var group = file.RowGroup(g);
            using var column = group.Column(layout.ColumnIndex[(int)which]);
            switch (which)
            {
                case PulseColumn.SensorId:
                    columns.ReadIndex16(column, path, offset, layout.SensorCount, batch.SensorId.Slice(offset, length));
                    break;
                case PulseColumn.Time:
                    columns.ReadInt64(column, path, batch.Time.Slice(offset, length));
                    break;
                case PulseColumn.Charge:
                {
                    var charge = batch.Charge.Slice(offset, length);
                    columns.ReadSingle(column, path, charge);
                    CheckCharges(path, offset, charge);
                    break;
                }

                case PulseColumn.Auxiliary:
                    columns.ReadBoolean(column, path, batch.Auxiliary.Slice(offset, length));
                    break;
                case PulseColumn.EventId:
                    // Runs of event ids are appended in row order, so this column stays on one thread throughout.
                    for (var start = 0; start < length; start += _eventIds.Length)
                    {
                        var chunk = _eventIds.AsSpan(0, Math.Min(_eventIds.Length, length - start));
                        columns.ReadInt64(column, path, chunk);
                        batch.AppendEventIds(offset + start, chunk);
                    }

                    break;
            }
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
