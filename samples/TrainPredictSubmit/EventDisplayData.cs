using IceCube.Reco.Data;

namespace TrainPredictSubmit;

/// <summary>One test event reduced to its hit sensors, for the event display.</summary>
/// <param name="TestIndex">Position of the event among the test events, in meta order.</param>
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
    /// <summary>How many of the first test events compete for the display.</summary>
    public const int DisplayCandidates = 500;

    /// <summary>
    /// The event to display: among the first <see cref="DisplayCandidates"/> of the first
    /// <paramref name="testCount"/> test events (meta order), the first one that hit the most sensors.
    /// </summary>
    /// <exception cref="InvalidDataException">The test meta lists no events, or a batch file is malformed.</exception>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    public static EventDisplayData Choose(KaggleDataset data, int testCount)
    {
        EventDisplayData? chosen = null;
        var offset = 0;
        foreach (var batch in data.TestEvents(Math.Clamp(testCount, 1, DisplayCandidates)))
        {
            for (var e = 0; e < batch.EventCount; e++)
            {
                var first = (int)batch.FirstPulseIndex[e];
                var length = (int)(batch.LastPulseIndex[e] - batch.FirstPulseIndex[e] + 1);
                var candidate = FromPulses(
                    offset + e,
                    batch.EventIds[e],
                    data.Geometry,
                    batch.SensorId.Slice(first, length),
                    batch.Time.Slice(first, length),
                    batch.Charge.Slice(first, length));
                if (chosen is null || candidate.X.Length > chosen.X.Length)
                {
                    chosen = candidate;
                }
            }

            offset += batch.EventCount;
        }

        return chosen ?? throw new InvalidDataException($"The test meta of {data.Root} lists no events to display.");
    }

    /// <summary>Reduces one event's pulses (rows first..last of a batch file) to its hit sensors; charge in p.e.</summary>
    private static EventDisplayData FromPulses(
        int testIndex,
        long eventId,
        SensorGeometry geometry,
        ReadOnlySpan<short> sensorId,
        ReadOnlySpan<long> time,
        ReadOnlySpan<float> charge)
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
