using ParquetSharp;
using ParquetSharp.Schema;

namespace IceCube.Reco.Data;

/// <summary>
/// Streams a flat table to a parquet file row group by row group, straight from spans.
/// The file is written under a temporary name beside the target and only moved into place by
/// <see cref="Commit"/>; disposing without committing deletes it, so a failed run leaves nothing behind.
/// </summary>
/// <remarks>
/// Each row group is written as <see cref="BeginRowGroup"/> followed by one <c>WriteColumn</c> call per column
/// in schema order. Columns are OPTIONAL (nullable, every value defined) like pyarrow's, or REQUIRED.
/// </remarks>
internal sealed class ParquetTableWriter : IDisposable
{
    // Values go to the native writer in chunks so the int16 widening and definition-level buffers stay small.
    private const int ChunkLength = 1 << 16;

    private readonly string _path;
    private readonly string _temporaryPath;
    private readonly ParquetColumnSpec[] _columns;
    private readonly bool _optional;
    private readonly short[] _definitionLevels;
    private int[]? _widened;
    private ParquetFileWriter? _writer;
    private RowGroupWriter? _rowGroup;
    private int _nextColumn;
    private long _rowGroupLength;
    private bool _committed;

    /// <summary>Opens the temporary file and writes the schema.</summary>
    /// <param name="path">Final path; its folder is created when missing.</param>
    /// <param name="columns">Columns in file order.</param>
    /// <param name="optionalColumns">True for OPTIONAL columns (pyarrow's choice), false for REQUIRED.</param>
    /// <param name="keyValueMetadata">File-level key-value metadata, or null.</param>
    public ParquetTableWriter(
        string path,
        IReadOnlyList<ParquetColumnSpec> columns,
        bool optionalColumns,
        IReadOnlyDictionary<string, string>? keyValueMetadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A parquet table needs at least one column.", nameof(columns));
        }

        _path = Path.GetFullPath(path);
        _columns = [.. columns];
        _optional = optionalColumns;
        _definitionLevels = optionalColumns ? new short[ChunkLength] : [];
        _definitionLevels.AsSpan().Fill(1);

        _temporaryPath = AtomicFile.TemporaryPathFor(_path);

        var repetition = optionalColumns ? Repetition.Optional : Repetition.Required;
        var fields = new Node[_columns.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = CreateNode(_columns[i], repetition);
        }

        using var schema = new GroupNode("schema", Repetition.Required, fields);
        using var propertiesBuilder = new WriterPropertiesBuilder();
        // Snappy is pyarrow's default, so benchmarks decode what the real files hold.
        using var properties = propertiesBuilder.Compression(Compression.Snappy).Build();
        _writer = new ParquetFileWriter(_temporaryPath, schema, properties, keyValueMetadata);
        foreach (var field in fields)
        {
            field.Dispose();
        }
    }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<ParquetColumnSpec> Columns => _columns;

    /// <summary>Starts a row group of <paramref name="rows"/> rows; the previous one must be complete.</summary>
    public void BeginRowGroup(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var writer = _writer ?? throw new ObjectDisposedException(nameof(ParquetTableWriter));
        EnsureRowGroupComplete();
        _rowGroup?.Dispose();
        _rowGroup = writer.AppendRowGroup();
        _rowGroupLength = rows;
        _nextColumn = 0;
    }

    /// <summary>Writes the next column of the current row group.</summary>
    public void WriteColumn(ReadOnlySpan<bool> values) => WriteValues(values, ParquetColumnType.Boolean);

    /// <summary>Writes the next column of the current row group (stored as INT32 with the INT(16) logical type).</summary>
    public void WriteColumn(ReadOnlySpan<short> values)
    {
        using var writer = (ColumnWriter<int>)NextColumn(ParquetColumnType.Int16, values.Length);
        _widened ??= new int[ChunkLength];
        for (var start = 0; start < values.Length; start += ChunkLength)
        {
            var chunk = values.Slice(start, Math.Min(ChunkLength, values.Length - start));
            for (var i = 0; i < chunk.Length; i++)
            {
                _widened[i] = chunk[i];
            }

            WriteChunk(writer, _widened.AsSpan(0, chunk.Length));
        }
    }

    /// <summary>Writes the next column of the current row group.</summary>
    public void WriteColumn(ReadOnlySpan<int> values) => WriteValues(values, ParquetColumnType.Int32);

    /// <summary>Writes the next column of the current row group.</summary>
    public void WriteColumn(ReadOnlySpan<long> values) => WriteValues(values, ParquetColumnType.Int64);

    /// <summary>Writes the next column of the current row group.</summary>
    public void WriteColumn(ReadOnlySpan<float> values) => WriteValues(values, ParquetColumnType.Float);

    /// <summary>Writes the next column of the current row group.</summary>
    public void WriteColumn(ReadOnlySpan<double> values) => WriteValues(values, ParquetColumnType.Double);

    /// <summary>Finishes the file and moves it to its final path, replacing any file there.</summary>
    public void Commit()
    {
        var writer = _writer ?? throw new ObjectDisposedException(nameof(ParquetTableWriter));
        EnsureRowGroupComplete();
        _rowGroup?.Dispose();
        _rowGroup = null;
        writer.Close();
        writer.Dispose();
        _writer = null;
        File.Move(_temporaryPath, _path, overwrite: true);
        _committed = true;
    }

    /// <summary>Releases the native writer; without a prior <see cref="Commit"/> the temporary file is deleted.</summary>
    public void Dispose()
    {
        if (_writer is not null)
        {
            _rowGroup?.Dispose();
            _rowGroup = null;
            try
            {
                // Closing writes the footer of an abandoned file; a failure here must not mask the original error.
                _writer.Close();
            }
            catch (ParquetException)
            {
            }

            _writer.Dispose();
            _writer = null;
        }

        if (!_committed && File.Exists(_temporaryPath))
        {
            File.Delete(_temporaryPath);
        }
    }

    private static Node CreateNode(ParquetColumnSpec column, Repetition repetition)
    {
        var (physical, logical) = column.Type switch
        {
            ParquetColumnType.Boolean => (PhysicalType.Boolean, LogicalType.None()),
            ParquetColumnType.Int16 => (PhysicalType.Int32, LogicalType.Int(16, isSigned: true)),
            ParquetColumnType.Int32 => (PhysicalType.Int32, LogicalType.None()),
            ParquetColumnType.Int64 => (PhysicalType.Int64, LogicalType.None()),
            ParquetColumnType.Float => (PhysicalType.Float, LogicalType.None()),
            ParquetColumnType.Double => (PhysicalType.Double, LogicalType.None()),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown column type."),
        };
        using (logical)
        {
            return new PrimitiveNode(column.Name, repetition, logical, physical);
        }
    }

    private void WriteValues<T>(ReadOnlySpan<T> values, ParquetColumnType type)
        where T : unmanaged
    {
        using var writer = (ColumnWriter<T>)NextColumn(type, values.Length);
        for (var start = 0; start < values.Length; start += ChunkLength)
        {
            WriteChunk(writer, values.Slice(start, Math.Min(ChunkLength, values.Length - start)));
        }
    }

    private void WriteChunk<T>(ColumnWriter<T> writer, ReadOnlySpan<T> chunk)
        where T : unmanaged
    {
        if (_optional)
        {
            writer.WriteBatch(chunk.Length, _definitionLevels.AsSpan(0, chunk.Length), ReadOnlySpan<short>.Empty, chunk);
        }
        else
        {
            writer.WriteBatch(chunk);
        }
    }

    private ColumnWriter NextColumn(ParquetColumnType type, int length)
    {
        var rowGroup = _rowGroup ?? throw new InvalidOperationException(
            $"{_path}: call BeginRowGroup before writing columns.");
        if (_nextColumn >= _columns.Length)
        {
            throw new InvalidOperationException($"{_path}: the row group already has all {_columns.Length} columns.");
        }

        var column = _columns[_nextColumn];
        if (column.Type != type)
        {
            throw new ArgumentException(
                $"{_path}: column '{column.Name}' holds {column.Type} values, not {type}.");
        }

        if (length != _rowGroupLength)
        {
            throw new ArgumentException(
                $"{_path}: column '{column.Name}' got {length} values for a row group of {_rowGroupLength} rows.");
        }

        _nextColumn++;
        return rowGroup.NextColumn();
    }

    private void EnsureRowGroupComplete()
    {
        if (_rowGroup is not null && _nextColumn != _columns.Length)
        {
            throw new InvalidOperationException(
                $"{_path}: the row group is incomplete; next column is '{_columns[_nextColumn].Name}'.");
        }
    }
}
