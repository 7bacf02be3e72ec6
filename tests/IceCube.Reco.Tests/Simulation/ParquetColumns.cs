using ParquetSharp;

namespace IceCube.Reco.Tests.Simulation;

/// <summary>Reads whole flat parquet files with ParquetSharp's physical reader, independent of the library.</summary>
internal static class ParquetColumns
{
    /// <summary>Every column by name: INT32 as int[], INT64 as long[], DOUBLE as double[], BOOLEAN as bool[].</summary>
    public static Dictionary<string, Array> Read(string path)
    {
        using var reader = new ParquetFileReader(path);
        var meta = reader.FileMetaData;
        var rows = checked((int)meta.NumRows);
        var columns = new Dictionary<string, Array>();
        for (var c = 0; c < meta.Schema.NumColumns; c++)
        {
            var descriptor = meta.Schema.Column(c);
            columns[descriptor.Name] = descriptor.PhysicalType switch
            {
                PhysicalType.Int32 => ReadAll<int>(reader, c, rows),
                PhysicalType.Int64 => ReadAll<long>(reader, c, rows),
                PhysicalType.Double => ReadAll<double>(reader, c, rows),
                PhysicalType.Boolean => ReadAll<bool>(reader, c, rows),
                _ => throw new InvalidDataException($"{path}: column {descriptor.Name} is {descriptor.PhysicalType}."),
            };
        }

        return columns;
    }

    private static T[] ReadAll<T>(ParquetFileReader reader, int column, int rows)
        where T : unmanaged
    {
        var values = new T[rows];
        var offset = 0;
        for (var g = 0; g < reader.FileMetaData.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            using var columnReader = (ColumnReader<T>)group.Column(column);
            var levels = new short[n];
            var read = 0L;
            while (read < n)
            {
                // Optional columns with no nulls store one value per row, so values and rows advance together.
                var got = columnReader.ReadBatch(n - read, levels.AsSpan((int)read), default, values.AsSpan(offset + (int)read), out var valuesRead);
                Assert.That(valuesRead, Is.EqualTo(got), "no null values");
                read += got;
            }

            offset += n;
        }

        return values;
    }
}
