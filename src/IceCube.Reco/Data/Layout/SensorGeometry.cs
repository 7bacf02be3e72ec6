using System.Globalization;
using CsvHelper;

namespace IceCube.Reco.Data;

/// <summary>
/// Positions of the detector's optical sensors in metres (origin at the detector centre, z up), dense by
/// sensor_id: sensor <c>i</c> sits at (<c>X[i]</c>, <c>Y[i]</c>, <c>Z[i]</c>).
/// </summary>
public sealed class SensorGeometry
{
    private const string IdColumn = "sensor_id";

    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _z;

    /// <summary>Creates a geometry from coordinate arrays indexed by sensor_id; the arrays are copied.</summary>
    /// <param name="x">x of each sensor in metres.</param>
    /// <param name="y">y of each sensor in metres.</param>
    /// <param name="z">z (up) of each sensor in metres.</param>
    /// <exception cref="ArgumentException">Lengths differ, are zero, or a coordinate is not finite.</exception>
    public SensorGeometry(float[] x, float[] y, float[] z)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(z);
        if (x.Length != y.Length || x.Length != z.Length)
        {
            throw new ArgumentException(
                $"Coordinate arrays must have equal lengths; got x {x.Length}, y {y.Length}, z {z.Length}.");
        }

        if (x.Length == 0)
        {
            throw new ArgumentException("A geometry needs at least one sensor.", nameof(x));
        }

        CheckFinite(x, nameof(x));
        CheckFinite(y, nameof(y));
        CheckFinite(z, nameof(z));
        _x = (float[])x.Clone();
        _y = (float[])y.Clone();
        _z = (float[])z.Clone();
    }

    /// <summary>Number of sensors; valid sensor ids are 0 to Count - 1.</summary>
    public int Count => _x.Length;

    /// <summary>x of each sensor in metres, indexed by sensor_id.</summary>
    public ReadOnlySpan<float> X => _x;

    /// <summary>y of each sensor in metres, indexed by sensor_id.</summary>
    public ReadOnlySpan<float> Y => _y;

    /// <summary>z (up) of each sensor in metres, indexed by sensor_id.</summary>
    public ReadOnlySpan<float> Z => _z;

    /// <summary>
    /// Reads a sensor_geometry.csv with the header sensor_id,x,y,z (columns in any order). The ids must be exactly
    /// 0 to N - 1, each once, in any row order.
    /// </summary>
    /// <param name="csvPath">Path of the CSV file.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A column is missing, a value does not parse or is not finite, or the
    /// ids are not 0..N-1 each once; the message names the file and the line.</exception>
    public static SensorGeometry Load(string csvPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        if (!File.Exists(csvPath))
        {
            throw new FileNotFoundException(
                $"Sensor geometry file not found: {csvPath} (a CSV with header sensor_id,x,y,z; " +
                KaggleLayout.Description + ").",
                csvPath);
        }

        var ids = new List<int>();
        var xs = new List<float>();
        var ys = new List<float>();
        var zs = new List<float>();
        var options = new CsvReaderOptions { FormatProvider = CultureInfo.InvariantCulture, TrackLineNumbers = true };
        using (var csv = CsvReader.Create(new StreamReader(csvPath), options, false))
        {
            var header = csv.Headers;
            if (header.Count == 0)
            {
                throw new InvalidDataException($"{csvPath}: the file is empty; expected header sensor_id,x,y,z.");
            }

            var idIndex = HeaderIndex(csvPath, header, IdColumn);
            var xIndex = HeaderIndex(csvPath, header, "x");
            var yIndex = HeaderIndex(csvPath, header, "y");
            var zIndex = HeaderIndex(csvPath, header, "z");
            while (csv.Read())
            {
                var line = csv.LineNumber;
                var idText = csv.GetString(idIndex);
                if (!int.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                {
                    throw new InvalidDataException($"{csvPath}, line {line}: sensor_id '{idText}' is not an integer.");
                }

                ids.Add(id);
                xs.Add(Coordinate(csv, csvPath, line, xIndex, "x"));
                ys.Add(Coordinate(csv, csvPath, line, yIndex, "y"));
                zs.Add(Coordinate(csv, csvPath, line, zIndex, "z"));
            }
        }

        var count = ids.Count;
        if (count == 0)
        {
            throw new InvalidDataException($"{csvPath}: the file has a header but no sensors.");
        }

        var x = new float[count];
        var y = new float[count];
        var z = new float[count];
        var seen = new bool[count];
        for (var row = 0; row < count; row++)
        {
            var id = ids[row];
            if (id < 0 || id >= count)
            {
                throw new InvalidDataException(
                    $"{csvPath}, data row {row + 1}: sensor_id {id} is outside 0..{count - 1}; ids must be 0..N-1 " +
                    $"for the {count} rows.");
            }

            if (seen[id])
            {
                throw new InvalidDataException($"{csvPath}, data row {row + 1}: sensor_id {id} appears more than once.");
            }

            seen[id] = true;
            x[id] = xs[row];
            y[id] = ys[row];
            z[id] = zs[row];
        }

        // N distinct ids inside 0..N-1 cover the range, so the set is complete.
        return new SensorGeometry(x, y, z);
    }

    /// <summary>
    /// Writes the geometry as sensor_id,x,y,z with invariant culture and round-trip float precision; the file is
    /// written under a temporary name and moved into place.
    /// </summary>
    /// <param name="csvPath">Destination path; its folder is created when missing.</param>
    public void Save(string csvPath)
    {
        AtomicFile.WriteText(csvPath, writer =>
        {
            var options = new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };
            using var csv = CsvWriter.Create(writer, options, true);
            csv.WriteHeader([IdColumn, "x", "y", "z"]);
            for (var i = 0; i < Count; i++)
            {
                csv.WriteField(i.ToString(CultureInfo.InvariantCulture));
                // float.ToString gives the shortest text that parses back to the same float.
                csv.WriteField(_x[i].ToString(CultureInfo.InvariantCulture));
                csv.WriteField(_y[i].ToString(CultureInfo.InvariantCulture));
                csv.WriteField(_z[i].ToString(CultureInfo.InvariantCulture));
                csv.EndRecord();
            }
        });
    }

    private static void CheckFinite(float[] values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Coordinate {name}[{i}] is {values[i]}; coordinates must be finite.", name);
            }
        }
    }

    private static int HeaderIndex(string path, IReadOnlyList<string> header, string name)
    {
        var index = -1;
        for (var i = 0; i < header.Count && index < 0; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.Ordinal))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidDataException(
                $"{path}: column '{name}' is missing; the header is '{string.Join(',', header)}', " +
                "expected sensor_id,x,y,z.");
        }

        return index;
    }

    private static float Coordinate(CsvReader csv, string path, long line, int index, string name)
    {
        var text = csv.GetString(index);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
            !float.IsFinite(value))
        {
            throw new InvalidDataException(
                $"{path}, line {line}: {name} '{text}' is not a finite number (metres).");
        }

        return value;
    }
}
