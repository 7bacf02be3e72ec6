using ParquetSharp;

namespace IceCube.Reco.Data;

/// <summary>
/// Reads train_meta.parquet / test_meta.parquet without ever holding the whole file: the index pass reads only
/// batch_id, chunk by chunk (skipping row groups whose statistics show a single batch), and a batch read skips to
/// that batch's rows and keeps only them. Columns are found by name; integers may be INT32 or INT64, angles FLOAT
/// or DOUBLE. One instance per thread: it owns the chunk buffers.
/// </summary>
internal sealed class MetaReader
{
    private static readonly PhysicalType[] Integer = [PhysicalType.Int32, PhysicalType.Int64];
    private static readonly PhysicalType[] Real = [PhysicalType.Float, PhysicalType.Double];
    private const int Chunk = ParquetColumnReader.ChunkLength;

    private readonly ParquetColumnReader _columns = new();
    private readonly long[] _batchId = new long[Chunk];
    private long[]? _eventId;
    private long[]? _first;
    private long[]? _last;
    private double[]? _azimuth;
    private double[]? _zenith;

    /// <summary>Prepares to read the meta file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of the meta file.</param>
    /// <param name="withTargets">True to read azimuth and zenith (train meta).</param>
    public MetaReader(string path, bool withTargets)
    {
        Path = path;
        WithTargets = withTargets;
    }

    /// <summary>Path of the meta file.</summary>
    public string Path { get; }

    /// <summary>True when azimuth and zenith are read.</summary>
    public bool WithTargets { get; }

    /// <summary>Scans the batch_id column and records where each batch's rows are.</summary>
    /// <exception cref="FileNotFoundException">The meta file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not readable parquet or lacks a usable batch_id.</exception>
    public MetaIndex BuildIndex() => Guard(BuildIndexCore);

    /// <summary>Reads the events of <paramref name="batchId"/> into <paramref name="events"/>, in meta order.</summary>
    /// <exception cref="InvalidDataException">An angle is not finite, a column is missing or of an unsupported
    /// type, or the file changed since it was indexed.</exception>
    public void ReadBatch(MetaIndex index, long batchId, BatchEvents events) =>
        Guard(() => ReadBatchCore(index, batchId, events));

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ParquetException error)
        {
            throw new InvalidDataException($"{Path}: not a readable parquet meta file: {error.Message}", error);
        }
    }

    private void Guard(Action read) => Guard(() =>
    {
        read();
        return 0;
    });

    private MetaIndex BuildIndexCore()
    {
        var order = new List<long>();
        var ranges = new Dictionary<long, List<MetaRowRange>>();
        var counts = new Dictionary<long, long>();
        using var file = Open();
        var batchColumn = ParquetColumnReader.FindColumn(file, Path, "batch_id", Integer);
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var rows = group.MetaData.NumRows;
            if (SingleBatch(group, batchColumn) is { } only)
            {
                Note(only, g, 0, rows);
                continue;
            }

            using var column = group.Column(batchColumn);
            var runStart = 0L;
            var runBatch = 0L;
            for (var start = 0L; start < rows; start += Chunk)
            {
                var chunk = _batchId.AsSpan(0, (int)Math.Min(Chunk, rows - start));
                _columns.ReadInt64(column, Path, chunk);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var row = start + i;
                    if (row == 0)
                    {
                        runBatch = chunk[i];
                    }
                    else if (chunk[i] != runBatch)
                    {
                        Note(runBatch, g, runStart, row);
                        runStart = row;
                        runBatch = chunk[i];
                    }
                }
            }

            if (rows > 0)
            {
                Note(runBatch, g, runStart, rows);
            }
        }

        return new MetaIndex(order, ranges, counts);

        // Records rows [start, end) of group g as batch b's, widening its range in that group if it has one.
        void Note(long b, int g, long start, long end)
        {
            if (!ranges.TryGetValue(b, out var list))
            {
                list = [];
                ranges.Add(b, list);
                counts.Add(b, 0);
                order.Add(b);
            }

            counts[b] += end - start;
            if (list.Count > 0 && list[^1].RowGroup == g)
            {
                list[^1] = list[^1] with { End = end };
            }
            else
            {
                list.Add(new MetaRowRange(g, start, end));
            }
        }
    }

    private void ReadBatchCore(MetaIndex index, long batchId, BatchEvents events)
    {
        events.Reset(batchId, WithTargets);
        _eventId ??= new long[Chunk];
        _first ??= new long[Chunk];
        _last ??= new long[Chunk];
        if (WithTargets)
        {
            _azimuth ??= new double[Chunk];
            _zenith ??= new double[Chunk];
        }

        using var file = Open();
        var batchColumn = ParquetColumnReader.FindColumn(file, Path, "batch_id", Integer);
        var eventColumn = ParquetColumnReader.FindColumn(file, Path, "event_id", Integer);
        var firstColumn = ParquetColumnReader.FindColumn(file, Path, "first_pulse_index", Integer);
        var lastColumn = ParquetColumnReader.FindColumn(file, Path, "last_pulse_index", Integer);
        var azimuthColumn = WithTargets ? ParquetColumnReader.FindColumn(file, Path, "azimuth", Real) : -1;
        var zenithColumn = WithTargets ? ParquetColumnReader.FindColumn(file, Path, "zenith", Real) : -1;
        foreach (var range in index.RangesOf(batchId))
        {
            using var group = file.RowGroup(range.RowGroup);
            using var batch = group.Column(batchColumn);
            using var eventIds = group.Column(eventColumn);
            using var first = group.Column(firstColumn);
            using var last = group.Column(lastColumn);
            using var azimuth = WithTargets ? group.Column(azimuthColumn) : null;
            using var zenith = WithTargets ? group.Column(zenithColumn) : null;
            ColumnReader?[] all = [batch, eventIds, first, last, azimuth, zenith];
            foreach (var column in all)
            {
                if (column is not null)
                {
                    ParquetColumnReader.Skip(column, Path, range.Start);
                }
            }

            for (var start = range.Start; start < range.End; start += Chunk)
            {
                var length = (int)Math.Min(Chunk, range.End - start);
                _columns.ReadInt64(batch, Path, _batchId.AsSpan(0, length));
                _columns.ReadInt64(eventIds, Path, _eventId.AsSpan(0, length));
                _columns.ReadInt64(first, Path, _first.AsSpan(0, length));
                _columns.ReadInt64(last, Path, _last.AsSpan(0, length));
                if (WithTargets)
                {
                    _columns.ReadDouble(azimuth!, Path, _azimuth!.AsSpan(0, length));
                    _columns.ReadDouble(zenith!, Path, _zenith!.AsSpan(0, length));
                }

                for (var i = 0; i < length; i++)
                {
                    if (_batchId[i] != batchId)
                    {
                        continue;
                    }

                    double az = 0, zen = 0;
                    if (WithTargets)
                    {
                        az = _azimuth![i];
                        zen = _zenith![i];
                        if (!double.IsFinite(az) || !double.IsFinite(zen))
                        {
                            throw new InvalidDataException(
                                $"{Path}: row group {range.RowGroup} row {start + i} (event {_eventId[i]}): azimuth " +
                                $"{az} and zenith {zen}; angles must be finite (radians).");
                        }
                    }

                    events.Add(_eventId[i], _first[i], _last[i], az, zen);
                }
            }
        }

        if (events.Count != index.EventCountOf(batchId))
        {
            throw new InvalidDataException(
                $"{Path}: batch {batchId} has {events.Count} events now but {index.EventCountOf(batchId)} when indexed; " +
                "the file changed while in use.");
        }
    }

    private ParquetFileReader Open()
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"Meta file not found: {Path} ({KaggleLayout.Description}).", Path);
        }

        return new ParquetFileReader(Path);
    }

    // A row group whose batch_id statistics have min == max holds one batch; no need to read the column.
    private static long? SingleBatch(RowGroupReader group, int column)
    {
        using var chunk = group.MetaData.GetColumnChunkMetaData(column);
        if (!chunk.IsStatsSet)
        {
            return null;
        }

        using var statistics = chunk.Statistics;
        if (statistics is null || !statistics.HasMinMax || statistics.NullCount > 0)
        {
            return null;
        }

        var min = Convert.ToInt64(statistics.MinUntyped, System.Globalization.CultureInfo.InvariantCulture);
        var max = Convert.ToInt64(statistics.MaxUntyped, System.Globalization.CultureInfo.InvariantCulture);
        return min == max ? min : null;
    }
}
