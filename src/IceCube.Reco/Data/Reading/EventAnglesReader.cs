using ParquetSharp;

namespace IceCube.Reco.Data;

/// <summary>
/// Reads a per-event angle table (test_truth.parquet, sample_submission.parquet) into <see cref="EventAngles"/>:
/// event_id, azimuth and zenith found by name in any order, OPTIONAL or REQUIRED, event_id INT32 or INT64, angles
/// FLOAT or DOUBLE; other columns (topology, energy, ...) are ignored. Angles must be finite.
/// </summary>
internal static class EventAnglesReader
{
    private static readonly PhysicalType[] Integer = [PhysicalType.Int32, PhysicalType.Int64];
    private static readonly PhysicalType[] Real = [PhysicalType.Float, PhysicalType.Double];

    /// <summary>Reads the whole table at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not readable parquet, lacks a column, has an unsupported
    /// type, a null, an angle that is not finite, or an event id twice.</exception>
    public static EventAngles Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Event angle table not found: {path} (test_truth.parquet is written by the simulator beside " +
                $"test_meta.parquet; the competition's own data has none; {KaggleLayout.Description}).", path);
        }

        try
        {
            using var file = new ParquetFileReader(path);
            var rows = file.FileMetaData.NumRows;
            if (rows > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}: {rows} rows are more than one table can hold ({Array.MaxLength}).");
            }

            var eventColumn = ParquetColumnReader.FindColumn(file, path, "event_id", Integer);
            var azimuthColumn = ParquetColumnReader.FindColumn(file, path, "azimuth", Real);
            var zenithColumn = ParquetColumnReader.FindColumn(file, path, "zenith", Real);
            var eventIds = new long[rows];
            var azimuth = new double[rows];
            var zenith = new double[rows];
            var columns = new ParquetColumnReader();
            var offset = 0;
            for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                var length = checked((int)group.MetaData.NumRows);
                if (offset + (long)length > rows)
                {
                    throw new InvalidDataException($"{path}: row groups hold more rows than the file's {rows}.");
                }

                using (var column = group.Column(eventColumn))
                {
                    columns.ReadInt64(column, path, eventIds.AsSpan(offset, length));
                }

                using (var column = group.Column(azimuthColumn))
                {
                    columns.ReadDouble(column, path, azimuth.AsSpan(offset, length));
                }

                using (var column = group.Column(zenithColumn))
                {
                    columns.ReadDouble(column, path, zenith.AsSpan(offset, length));
                }

                offset += length;
            }

            if (offset != rows)
            {
                throw new InvalidDataException($"{path}: row groups hold {offset} rows, the footer says {rows}.");
            }

            CheckFinite(path, "azimuth", azimuth, eventIds);
            CheckFinite(path, "zenith", zenith, eventIds);
            return new EventAngles(path, eventIds, azimuth, zenith);
        }
        catch (ParquetException error)
        {
            throw new InvalidDataException($"{path}: not a readable parquet angle table: {error.Message}", error);
        }
    }

    private static void CheckFinite(string path, string name, double[] angles, long[] eventIds)
    {
        for (var row = 0; row < angles.Length; row++)
        {
            if (!double.IsFinite(angles[row]))
            {
                throw new InvalidDataException(
                    $"{path}: column '{name}' row {row} (event {eventIds[row]}) holds {angles[row]}; angles must be " +
                    "finite (radians).");
            }
        }
    }
}
