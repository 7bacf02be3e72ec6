namespace TrainPredictSubmit;

/// <summary>One test event reduced to its hit sensors, for the event display.</summary>
/// <param name="TestIndex">Position of the event in the <see cref="TestSet"/>.</param>
/// <param name="EventId">Its event_id.</param>
/// <param name="X">x of each hit sensor (m).</param>
/// <param name="Y">y of each hit sensor (m).</param>
/// <param name="Z">z of each hit sensor (m).</param>
/// <param name="Charge">Summed charge of each hit sensor (p.e.).</param>
/// <param name="FirstTime">First-hit time of each hit sensor, ns after the event's first pulse.</param>
internal sealed record EventDisplayData(
    int TestIndex,
    long EventId,
    double[] X,
    double[] Y,
    double[] Z,
    double[] Charge,
    double[] FirstTime)
{
    /// <summary>Reduces one event's pulses (rows first..last of a batch file) to its hit sensors.</summary>
    public static EventDisplayData FromPulses(
        int testIndex,
        long eventId,
        IceCube.Reco.Data.SensorGeometry geometry,
        ReadOnlySpan<short> sensorId,
        ReadOnlySpan<long> time,
        ReadOnlySpan<double> charge)
    {
        var slot = new Dictionary<short, int>();
        var x = new List<double>();
        var y = new List<double>();
        var z = new List<double>();
        var q = new List<double>();
        var t = new List<double>();
        var start = time.Length > 0 ? time[0] : 0L;
        for (var p = 0; p < sensorId.Length; p++)
        {
            start = Math.Min(start, time[p]);
        }

        for (var p = 0; p < sensorId.Length; p++)
        {
            var sensor = sensorId[p];
            if (!slot.TryGetValue(sensor, out var s))
            {
                s = x.Count;
                slot[sensor] = s;
                x.Add(geometry.X[sensor]);
                y.Add(geometry.Y[sensor]);
                z.Add(geometry.Z[sensor]);
                q.Add(0.0);
                t.Add(double.MaxValue);
            }

            q[s] += charge[p];
            t[s] = Math.Min(t[s], time[p] - start);
        }

        return new EventDisplayData(testIndex, eventId, [.. x], [.. y], [.. z], [.. q], [.. t]);
    }
}
