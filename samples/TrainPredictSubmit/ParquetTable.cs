using ParquetSharp;

namespace TrainPredictSubmit;

/// <summary>
/// Whole-column reads of a small parquet file (a meta file, the truth, one batch file), by column name and widening:
/// integers may be stored as INT32 or INT64, reals as FLOAT or DOUBLE, and columns may be OPTIONAL as pyarrow
/// writes them, as long as no value is null. Every problem is a <see cref="BadDataException"/> naming the file and
/// the column.
/// </summary>
internal sealed class ParquetTable : IDisposable
{
    // Rows per ReadBatch call: large enough to amortise the call, small enough for the level buffer.
    private const int Chunk = 64 * 1024;

    private readonly ParquetFileReader _file;
    private readonly string _path;
    private readonly short[] _levels = new short[Chunk];

    private ParquetTable(ParquetFileReader file, string path)
    {
        _file = file;
        _path = path;
        Rows = file.FileMetaData.NumRows;
    }

    /// <summary>Number of rows in the file.</summary>
    public long Rows { get; }

    /// <summary>Opens a parquet file.</summary>
    /// <exception cref="BadDataException">The file is missing or is not parquet.</exception>
    public static ParquetTable Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadDataException($"{path} not found.");
        }

        try
        {
            return new ParquetTable(new ParquetFileReader(path), path);
        }
        catch (ParquetException e)
        {
            throw new BadDataException($"{path} is not a readable parquet file: {e.Message}");
        }
    }

    /// <summary>An integer column widened to 64 bits.</summary>
    public long[] Int64(string name)
    {
        var index = Column(name);
        var result = new long[Rows];
        var offset = 0L;
        for (var g = 0; g < _file.FileMetaData.NumRowGroups; g++)
        {
            using var group = _file.RowGroup(g);
            var length = (int)group.MetaData.NumRows;
            using var column = group.Column(index);
            switch (column)
            {
                case ColumnReader<long> reader:
                    Fill(reader, name, result.AsSpan((int)offset, length));
                    break;
                case ColumnReader<int> reader:
                    var narrow = new int[length];
                    Fill(reader, name, narrow);
                    for (var i = 0; i < length; i++)
                    {
                        result[offset + i] = narrow[i];
                    }

                    break;
                default:
                    throw WrongType(name, column.ColumnDescriptor.PhysicalType, "INT32 or INT64");
            }

            offset += length;
        }

        return result;
    }

    /// <summary>A real column widened to double.</summary>
    public double[] Double(string name)
    {
        var index = Column(name);
        var result = new double[Rows];
        var offset = 0L;
        for (var g = 0; g < _file.FileMetaData.NumRowGroups; g++)
        {
            using var group = _file.RowGroup(g);
            var length = (int)group.MetaData.NumRows;
            using var column = group.Column(index);
            switch (column)
            {
                case ColumnReader<double> reader:
                    Fill(reader, name, result.AsSpan((int)offset, length));
                    break;
                case ColumnReader<float> reader:
                    var narrow = new float[length];
                    Fill(reader, name, narrow);
                    for (var i = 0; i < length; i++)
                    {
                        result[offset + i] = narrow[i];
                    }

                    break;
                default:
                    throw WrongType(name, column.ColumnDescriptor.PhysicalType, "FLOAT or DOUBLE");
            }

            offset += length;
        }

        return result;
    }

    /// <summary>A BOOLEAN column.</summary>
    public bool[] Boolean(string name)
    {
        var index = Column(name);
        var result = new bool[Rows];
        var offset = 0L;
        for (var g = 0; g < _file.FileMetaData.NumRowGroups; g++)
        {
            using var group = _file.RowGroup(g);
            var length = (int)group.MetaData.NumRows;
            using var column = group.Column(index);
            if (column is not ColumnReader<bool> reader)
            {
                throw WrongType(name, column.ColumnDescriptor.PhysicalType, "BOOLEAN");
            }

            Fill(reader, name, result.AsSpan((int)offset, length));
            offset += length;
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private int Column(string name)
    {
        var index = _file.FileMetaData.Schema.ColumnIndex(name);
        if (index < 0)
        {
            throw new BadDataException($"{_path}: column '{name}' is missing.");
        }

        if (Rows > Array.MaxLength)
        {
            throw new BadDataException($"{_path}: {Rows} rows are more than this sample reads at once.");
        }

        return index;
    }

    private void Fill<T>(ColumnReader<T> reader, string name, Span<T> destination)
        where T : unmanaged
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var want = Math.Min(Chunk, destination.Length - filled);
            var levels = reader.ReadBatch(want, _levels.AsSpan(0, want), default, destination.Slice(filled, want), out var values);
            if (levels == 0)
            {
                throw new BadDataException($"{_path}: column '{name}' ends early, after {filled} rows of a row group.");
            }

            if (values != levels)
            {
                throw new BadDataException($"{_path}: column '{name}' holds nulls; every value must be set.");
            }

            filled += (int)values;
        }
    }

    private BadDataException WrongType(string name, PhysicalType type, string expected) =>
        new($"{_path}: column '{name}' is {type}; expected {expected}.");
}
