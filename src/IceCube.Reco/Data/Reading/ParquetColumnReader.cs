using ParquetSharp;

namespace IceCube.Reco.Data;

/// <summary>
/// Reads parquet columns in bulk into spans whatever their storage: found by name in any order, OPTIONAL or
/// REQUIRED, integers as INT32 (including the INT(16) logical type) or INT64, reals as FLOAT or DOUBLE.
/// Holds scratch buffers for the widening and narrowing conversions, so one instance per thread.
/// </summary>
internal sealed class ParquetColumnReader
{
    // Rows per native read: large enough to amortise the call, small enough for the scratch buffers to stay in cache.
    public const int ChunkLength = 1 << 16;

    private readonly short[] _levels = new short[ChunkLength];
    private int[]? _int32;
    private long[]? _int64;
    private double[]? _double;
    private float[]? _float;

    /// <summary>Index of the column called <paramref name="name"/>, checked to hold one of the accepted types.</summary>
    /// <exception cref="InvalidDataException">The column is missing, or its type is not one of <paramref name="accepted"/>.</exception>
    public static int FindColumn(ParquetFileReader file, string path, string name, params PhysicalType[] accepted)
    {
        var schema = file.FileMetaData.Schema;
        for (var i = 0; i < schema.NumColumns; i++)
        {
            var column = schema.Column(i);
            if (!string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                continue;
            }

            if (column.MaxRepetitionLevel != 0 || Array.IndexOf(accepted, column.PhysicalType) < 0)
            {
                throw new InvalidDataException(
                    $"{path}: column '{name}' has unsupported type {column.PhysicalType}" +
                    (column.MaxRepetitionLevel != 0 ? " (repeated)" : string.Empty) +
                    $"; expected a flat column of {string.Join(" or ", accepted)}.");
            }

            return i;
        }

        var names = new string[schema.NumColumns];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = schema.Column(i).Name;
        }

        throw new InvalidDataException(
            $"{path}: column '{name}' is missing; the file has columns {string.Join(", ", names)}.");
    }

    /// <summary>Reads the next <c>destination.Length</c> values of an INT32 or INT64 column.</summary>
    public void ReadInt64(ColumnReader column, string path, Span<long> destination)
    {
        if (column.Type == PhysicalType.Int64)
        {
            ReadPhysical((ColumnReader<long>)column, path, destination);
            return;
        }

        _int32 ??= new int[ChunkLength];
        var reader = (ColumnReader<int>)column;
        for (var start = 0; start < destination.Length; start += ChunkLength)
        {
            var chunk = destination.Slice(start, Math.Min(ChunkLength, destination.Length - start));
            var source = _int32.AsSpan(0, chunk.Length);
            ReadPhysical(reader, path, source);
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = source[i];
            }
        }
    }

    /// <summary>
    /// Reads the next <c>destination.Length</c> values of an integer column as 16-bit values, refusing any value
    /// outside [0, <paramref name="count"/>); <paramref name="firstRow"/> is the file row of the first value,
    /// for the error message.
    /// </summary>
    public void ReadIndex16(ColumnReader column, string path, long firstRow, int count, Span<short> destination)
    {
        for (var start = 0; start < destination.Length; start += ChunkLength)
        {
            var chunk = destination.Slice(start, Math.Min(ChunkLength, destination.Length - start));
            if (column.Type == PhysicalType.Int64)
            {
                _int64 ??= new long[ChunkLength];
                var source = _int64.AsSpan(0, chunk.Length);
                ReadPhysical((ColumnReader<long>)column, path, source);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var value = source[i];
                    if ((ulong)value >= (ulong)count)
                    {
                        throw IndexOutOfRange(column, path, firstRow + start + i, value, count);
                    }

                    chunk[i] = (short)value;
                }
            }
            else
            {
                _int32 ??= new int[ChunkLength];
                var source = _int32.AsSpan(0, chunk.Length);
                ReadPhysical((ColumnReader<int>)column, path, source);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var value = source[i];
                    if ((uint)value >= (uint)count)
                    {
                        throw IndexOutOfRange(column, path, firstRow + start + i, value, count);
                    }

                    chunk[i] = (short)value;
                }
            }
        }
    }

    /// <summary>Reads the next <c>destination.Length</c> values of a FLOAT or DOUBLE column as doubles.</summary>
    public void ReadDouble(ColumnReader column, string path, Span<double> destination)
    {
        if (column.Type == PhysicalType.Double)
        {
            ReadPhysical((ColumnReader<double>)column, path, destination);
            return;
        }

        var reader = (ColumnReader<float>)column;
        _float ??= new float[ChunkLength];
        for (var start = 0; start < destination.Length; start += ChunkLength)
        {
            var chunk = destination.Slice(start, Math.Min(ChunkLength, destination.Length - start));
            var source = _float.AsSpan(0, chunk.Length);
            ReadPhysical(reader, path, source);
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = source[i];
            }
        }
    }

    /// <summary>Reads the next <c>destination.Length</c> values of a FLOAT or DOUBLE column as floats.</summary>
    public void ReadSingle(ColumnReader column, string path, Span<float> destination)
    {
        if (column.Type == PhysicalType.Float)
        {
            ReadPhysical((ColumnReader<float>)column, path, destination);
            return;
        }

        _double ??= new double[ChunkLength];
        var reader = (ColumnReader<double>)column;
        for (var start = 0; start < destination.Length; start += ChunkLength)
        {
            var chunk = destination.Slice(start, Math.Min(ChunkLength, destination.Length - start));
            var source = _double.AsSpan(0, chunk.Length);
            ReadPhysical(reader, path, source);
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (float)source[i];
            }
        }
    }

    /// <summary>Reads the next <c>destination.Length</c> values of a BOOLEAN column.</summary>
    public void ReadBoolean(ColumnReader column, string path, Span<bool> destination) =>
        ReadPhysical((ColumnReader<bool>)column, path, destination);

    /// <summary>Skips <paramref name="rows"/> values of a column.</summary>
    public static void Skip(ColumnReader column, string path, long rows)
    {
        if (rows > 0 && column.Skip(rows) != rows)
        {
            throw new InvalidDataException(
                $"{path}: column '{column.ColumnDescriptor.Name}' ended while skipping {rows} rows.");
        }
    }

    private static InvalidDataException IndexOutOfRange(ColumnReader column, string path, long row, long value, int count) =>
        new($"{path}: column '{column.ColumnDescriptor.Name}' row {row} holds {value}, outside the sensor geometry " +
            $"(valid ids 0..{count - 1}).");

    // Fills destination exactly, refusing nulls; the values of a column with no nulls arrive densely packed.
    private void ReadPhysical<T>(ColumnReader<T> reader, string path, Span<T> destination)
        where T : unmanaged
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var want = Math.Min(ChunkLength, destination.Length - filled);
            var levels = reader.ReadBatch(want, _levels.AsSpan(0, want), default, destination.Slice(filled, want), out var values);
            if (levels == 0)
            {
                throw new InvalidDataException(
                    $"{path}: column '{reader.ColumnDescriptor.Name}' ended after {filled} of {destination.Length} " +
                    "rows of its row group.");
            }

            if (values != levels)
            {
                throw new InvalidDataException(
                    $"{path}: column '{reader.ColumnDescriptor.Name}' has null values; every value must be set.");
            }

            filled += (int)values;
        }
    }
}
