using IceCube.Reco.Data;

namespace IceCube.Reco.Simulation;

/// <summary>
/// A geometry prepared for simulation: sensors grouped into strings (sensors within 1 m in x and y), each string's
/// sensors sorted top to bottom so a height interval maps to a contiguous run found by binary search, the
/// local-coincidence neighbours of every sensor, the relative efficiency of every sensor, the ice model's
/// integrals at every sensor's height (so a path's mean needs one table lookup, at its other end), and the
/// bounding cylinder from which events are generated.
/// </summary>
internal sealed class DetectorLayout
{
    // Real IceCube requires a hit on the nearest or next-to-nearest sensor of the same string for local
    // coincidence, so a sensor has up to four partners.
    private const int CoincidenceReach = 2;

    // Sensors within this many metres in x and y of a string's first sensor belong to that string; strings are
    // at least 40 m apart. Positions are bucketed in cells of CellSize m to find the string quickly.
    private const double StringTolerance = 1.0;
    private const double CellSize = 4.0;

    // DeepCore PMTs have about 35% higher quantum efficiency.
    private const double DeepCoreEfficiency = 1.35;

    private readonly int[] _stringStart;
    private readonly int[] _stringSensors;
    private readonly double[] _stringSensorZ;
    private readonly int[] _neighbourStart;
    private readonly int[] _neighbours;

    /// <summary>Prepares <paramref name="geometry"/>.</summary>
    public DetectorLayout(SensorGeometry geometry)
    {
        SensorCount = geometry.Count;
        X = new double[SensorCount];
        Y = new double[SensorCount];
        Z = new double[SensorCount];
        Efficiency = new double[SensorCount];
        CumulativeAttenuation = new double[SensorCount];
        CumulativeScattering = new double[SensorCount];
        CumulativeAbsorption = new double[SensorCount];
        InverseAttenuation = new double[SensorCount];
        InverseScattering = new double[SensorCount];
        InverseAbsorption = new double[SensorCount];
        var ice = IceModel.Default;
        for (var i = 0; i < SensorCount; i++)
        {
            X[i] = geometry.X[i];
            Y[i] = geometry.Y[i];
            Z[i] = geometry.Z[i];
            Efficiency[i] = DetectorGeometry.IsDeepCore(SensorCount, i) ? DeepCoreEfficiency : 1.0;
            CumulativeAttenuation[i] = ice.CumulativeAttenuation(Z[i]);
            CumulativeScattering[i] = ice.CumulativeScattering(Z[i]);
            CumulativeAbsorption[i] = ice.CumulativeAbsorption(Z[i]);
            InverseAttenuation[i] = ice.InverseAttenuationAt(Z[i]);
            InverseScattering[i] = ice.InverseScatteringAt(Z[i]);
            InverseAbsorption[i] = ice.InverseAbsorptionAt(Z[i]);
        }

        // Strings in order of their first sensor id, so the layout does not depend on hashing order. Sensors within
        // StringTolerance of a string's position in x and y join it, so slightly tilted strings stay whole.
        var cells = new Dictionary<(long, long), List<int>>();
        var members = new List<List<int>>();
        var origins = new List<(double X, double Y)>();
        for (var i = 0; i < SensorCount; i++)
        {
            var cellX = (long)Math.Floor(X[i] / CellSize);
            var cellY = (long)Math.Floor(Y[i] / CellSize);
            var found = -1;
            for (var cx = cellX - 1; cx <= cellX + 1 && found < 0; cx++)
            {
                for (var cy = cellY - 1; cy <= cellY + 1 && found < 0; cy++)
                {
                    if (!cells.TryGetValue((cx, cy), out var candidates))
                    {
                        continue;
                    }

                    foreach (var candidate in candidates)
                    {
                        if (Math.Abs(origins[candidate].X - X[i]) <= StringTolerance && Math.Abs(origins[candidate].Y - Y[i]) <= StringTolerance)
                        {
                            found = candidate;
                            break;
                        }
                    }
                }
            }

            if (found < 0)
            {
                found = members.Count;
                members.Add([]);
                origins.Add((X[i], Y[i]));
                if (!cells.TryGetValue((cellX, cellY), out var list))
                {
                    list = [];
                    cells.Add((cellX, cellY), list);
                }

                list.Add(found);
            }

            members[found].Add(i);
        }

        StringCount = members.Count;
        StringX = new double[StringCount];
        StringY = new double[StringCount];
        _stringStart = new int[StringCount + 1];
        _stringSensors = new int[SensorCount];
        _stringSensorZ = new double[SensorCount];
        var next = 0;
        for (var s = 0; s < StringCount; s++)
        {
            var sensors = members[s];
            sensors.Sort((a, b) => Z[b] != Z[a] ? Z[b].CompareTo(Z[a]) : a.CompareTo(b));
            StringX[s] = origins[s].X;
            StringY[s] = origins[s].Y;
            _stringStart[s] = next;
            foreach (var sensor in sensors)
            {
                StringSpread = Math.Max(StringSpread, Math.Sqrt(
                    (X[sensor] - StringX[s]) * (X[sensor] - StringX[s]) + (Y[sensor] - StringY[s]) * (Y[sensor] - StringY[s])));
                _stringSensors[next] = sensor;
                _stringSensorZ[next] = Z[sensor];
                next++;
            }
        }

        _stringStart[StringCount] = next;
        (_neighbourStart, _neighbours) = BuildNeighbours();

        var centreX = X.Average();
        var centreY = Y.Average();
        var radius = 0.0;
        for (var i = 0; i < SensorCount; i++)
        {
            radius = Math.Max(radius, Math.Sqrt((X[i] - centreX) * (X[i] - centreX) + (Y[i] - centreY) * (Y[i] - centreY)));
        }

        MaxEfficiency = Efficiency.Max();
        CentreX = centreX;
        CentreY = centreY;
        Radius = radius;
        Bottom = Z.Min();
        Top = Z.Max();
    }

    /// <summary>Number of sensors.</summary>
    public int SensorCount { get; }

    /// <summary>Sensor x (m) by sensor id.</summary>
    public double[] X { get; }

    /// <summary>Sensor y (m) by sensor id.</summary>
    public double[] Y { get; }

    /// <summary>Sensor z (m) by sensor id.</summary>
    public double[] Z { get; }

    /// <summary>Relative photon detection efficiency by sensor id (1 for standard sensors).</summary>
    public double[] Efficiency { get; }

    /// <summary>The ice model's cumulative 1 / attenuation length at each sensor's height.</summary>
    public double[] CumulativeAttenuation { get; }

    /// <summary>The ice model's cumulative 1 / scattering length at each sensor's height.</summary>
    public double[] CumulativeScattering { get; }

    /// <summary>The ice model's cumulative 1 / absorption length at each sensor's height.</summary>
    public double[] CumulativeAbsorption { get; }

    /// <summary>The local 1 / attenuation length (1/m) at each sensor.</summary>
    public double[] InverseAttenuation { get; }

    /// <summary>The local 1 / scattering length (1/m) at each sensor.</summary>
    public double[] InverseScattering { get; }

    /// <summary>The local 1 / absorption length (1/m) at each sensor.</summary>
    public double[] InverseAbsorption { get; }

    /// <summary>The highest relative efficiency of any sensor.</summary>
    public double MaxEfficiency { get; }

    /// <summary>Number of strings (groups of sensors sharing x and y).</summary>
    public int StringCount { get; }

    /// <summary>
    /// Largest horizontal distance (m) of a sensor from its string's position (0 for perfectly vertical strings);
    /// searches by string widen their reach by it.
    /// </summary>
    public double StringSpread { get; }

    /// <summary>String x (m).</summary>
    public double[] StringX { get; }

    /// <summary>String y (m).</summary>
    public double[] StringY { get; }

    /// <summary>Centre x of the footprint (m).</summary>
    public double CentreX { get; }

    /// <summary>Centre y of the footprint (m).</summary>
    public double CentreY { get; }

    /// <summary>Largest horizontal distance of a sensor from the centre (m).</summary>
    public double Radius { get; }

    /// <summary>Lowest sensor z (m).</summary>
    public double Bottom { get; }

    /// <summary>Highest sensor z (m).</summary>
    public double Top { get; }

    /// <summary>The sensors of string <paramref name="s"/> whose z lies in [zLow, zHigh], top to bottom.</summary>
    public ReadOnlySpan<int> SensorsBetween(int s, double zLow, double zHigh)
    {
        var start = _stringStart[s];
        var end = _stringStart[s + 1];
        var first = FirstAtOrBelow(start, end, zHigh);
        var last = FirstAtOrBelow(first, end, zLow);
        // Sensors exactly at zLow belong to the run as well.
        while (last < end && _stringSensorZ[last] >= zLow)
        {
            last++;
        }

        return _stringSensors.AsSpan(first, last - first);
    }

    /// <summary>The local-coincidence partners of <paramref name="sensor"/>.</summary>
    public ReadOnlySpan<int> Neighbours(int sensor) =>
        _neighbours.AsSpan(_neighbourStart[sensor], _neighbourStart[sensor + 1] - _neighbourStart[sensor]);

    // Index of the first sensor in [start, end) with z <= limit (z descends along the run).
    private int FirstAtOrBelow(int start, int end, double limit)
    {
        var low = start;
        var high = end;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_stringSensorZ[mid] > limit)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private (int[] Start, int[] Neighbours) BuildNeighbours()
    {
        var start = new int[SensorCount + 1];
        var lists = new List<int>[SensorCount];
        for (var s = 0; s < StringCount; s++)
        {
            for (var p = _stringStart[s]; p < _stringStart[s + 1]; p++)
            {
                var list = new List<int>(2 * CoincidenceReach);
                for (var q = Math.Max(_stringStart[s], p - CoincidenceReach); q <= Math.Min(_stringStart[s + 1] - 1, p + CoincidenceReach); q++)
                {
                    if (q != p)
                    {
                        list.Add(_stringSensors[q]);
                    }
                }

                lists[_stringSensors[p]] = list;
            }
        }

        var total = 0;
        for (var i = 0; i < SensorCount; i++)
        {
            start[i] = total;
            total += lists[i].Count;
        }

        start[SensorCount] = total;
        var flat = new int[total];
        for (var i = 0; i < SensorCount; i++)
        {
            lists[i].CopyTo(flat, start[i]);
        }

        return (start, flat);
    }
}
