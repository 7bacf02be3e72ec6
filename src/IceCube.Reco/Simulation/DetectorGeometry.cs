using IceCube.Reco.Data;

namespace IceCube.Reco.Simulation;

/// <summary>
/// A procedural IceCube-86 detector: 78 standard strings on a 125 m triangular grid with a roughly hexagonal
/// footprint and 8 DeepCore strings near its centre, 60 sensors per string, numbered as in the real
/// sensor_geometry.csv: <c>sensor_id = (string - 1) * 60 + (dom - 1)</c>, DOM 1 at the top.
/// </summary>
public static class DetectorGeometry
{
    /// <summary>Sensors per string.</summary>
    internal const int SensorsPerString = 60;

    /// <summary>Strings of the standard grid (1..78); strings 79..86 are DeepCore.</summary>
    internal const int StandardStrings = 78;

    /// <summary>All strings of IceCube-86.</summary>
    internal const int Strings = 86;

    // Grid spacing of the standard strings (m) and vertical sensor spacing on them (m).
    private const double GridSpacing = 125.0;
    private const double StandardSpacing = 17.02;
    private const double StandardTop = 500.0;

    // Strings per row of the grid, south to north: 6 + 7 + 8 + 9 + 10 + 10 + 9 + 8 + 7 + 4 = 78, the row pattern
    // of the real array, which gives its elongated hexagon with a short northern row.
    private static readonly int[] RowLengths = [6, 7, 8, 9, 10, 10, 9, 8, 7, 4];

    // First column (in half-spacings) of each row: rows widen by one string while the hexagon grows, then narrow.
    private static readonly int[] RowStarts = [0, -1, -2, -3, -4, -3, -2, -1, 0, 3];

    /// <summary>
    /// Builds the procedural IceCube-86 geometry: 5,160 sensors in metres, origin at the centre of the standard
    /// grid, z up. Standard strings hold a sensor every 17.02 m from z = +500 down to z = -504; DeepCore strings hold
    /// 10 sensors every 10 m from z = +188 to +98 and 50 every 7 m from z = -159 to -502.
    /// </summary>
    /// <returns>The geometry, indexed by sensor_id.</returns>
    public static SensorGeometry IceCube86()
    {
        var stringX = new double[Strings];
        var stringY = new double[Strings];
        var rowSpacing = GridSpacing * Math.Sqrt(3.0) / 2.0;
        var index = 0;
        for (var row = 0; row < RowLengths.Length; row++)
        {
            for (var column = 0; column < RowLengths[row]; column++)
            {
                stringX[index] = (RowStarts[row] + 2 * column) * GridSpacing / 2.0;
                stringY[index] = row * rowSpacing;
                index++;
            }
        }

        // Centre the standard grid on the origin, as the real coordinates are.
        var meanX = stringX.Take(StandardStrings).Average();
        var meanY = stringY.Take(StandardStrings).Average();
        for (var s = 0; s < StandardStrings; s++)
        {
            stringX[s] -= meanX;
            stringY[s] -= meanY;
        }

        PlaceDeepCore(stringX, stringY);

        var count = Strings * SensorsPerString;
        var x = new float[count];
        var y = new float[count];
        var z = new float[count];
        for (var s = 0; s < Strings; s++)
        {
            for (var dom = 0; dom < SensorsPerString; dom++)
            {
                var id = s * SensorsPerString + dom;
                x[id] = (float)stringX[s];
                y[id] = (float)stringY[s];
                z[id] = (float)(s < StandardStrings ? StandardZ(dom) : DeepCoreZ(dom));
            }
        }

        return new SensorGeometry(x, y, z);
    }

    /// <summary>
    /// True when <paramref name="sensorId"/> is a DeepCore sensor (strings 79-86) of a geometry laid out as
    /// IceCube-86 (5,160 sensors); other geometries have no DeepCore.
    /// </summary>
    internal static bool IsDeepCore(int sensorCount, int sensorId) =>
        sensorCount == Strings * SensorsPerString && sensorId >= StandardStrings * SensorsPerString;

    private static double StandardZ(int dom) => StandardTop - StandardSpacing * dom;

    // DeepCore: 10 sensors every 10 m above the dust layer (veto cap), 50 every 7 m in the clear ice below it.
    private static double DeepCoreZ(int dom) => dom < 10 ? 188.0 - 10.0 * dom : -159.0 - 7.0 * (dom - 10);

    // Six DeepCore strings at the centres of the six grid triangles around the central standard string (72 m from
    // their three corners), two more 41 m either side of the central string along x.
    private static void PlaceDeepCore(double[] stringX, double[] stringY)
    {
        var centre = 0;
        var best = double.MaxValue;
        for (var s = 0; s < StandardStrings; s++)
        {
            var r2 = stringX[s] * stringX[s] + stringY[s] * stringY[s];
            if (r2 < best)
            {
                best = r2;
                centre = s;
            }
        }

        var cx = stringX[centre];
        var cy = stringY[centre];
        var triangleRadius = GridSpacing / Math.Sqrt(3.0);
        for (var k = 0; k < 6; k++)
        {
            var angle = Math.PI / 6.0 + k * Math.PI / 3.0;
            stringX[StandardStrings + k] = cx + triangleRadius * Math.Cos(angle);
            stringY[StandardStrings + k] = cy + triangleRadius * Math.Sin(angle);
        }

        stringX[StandardStrings + 6] = cx - 41.0;
        stringY[StandardStrings + 6] = cy;
        stringX[StandardStrings + 7] = cx + 41.0;
        stringY[StandardStrings + 7] = cy;
    }
}
