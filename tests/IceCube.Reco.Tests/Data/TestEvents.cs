using IceCube.Reco.Data;

namespace IceCube.Reco.Tests.Data;

/// <summary>One pulse of a hand-made event.</summary>
internal readonly record struct TestPulse(short Sensor, long Time, double Charge, bool Auxiliary);

/// <summary>A hand-made event: id, true angles (radians) and pulses in file order.</summary>
internal sealed record TestEvent(long EventId, double Azimuth, double Zenith, TestPulse[] Pulses);

/// <summary>Builds small datasets in the Kaggle layout with the library's writers.</summary>
internal static class TestEvents
{
    public static SensorGeometry Geometry(int count)
    {
        var x = new float[count];
        var y = new float[count];
        var z = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = -500f + 37.5f * (i % 7);
            y[i] = 480f - 61.25f * (i % 5);
            z[i] = 500f - 17.02f * i;
        }

        return new SensorGeometry(x, y, z);
    }

    /// <summary>Random events with time-sorted pulses, about 60% auxiliary, sizes 0..maxPulses.</summary>
    public static TestEvent[] Random(Random random, long firstEventId, int count, int maxPulses, int sensors)
    {
        var events = new TestEvent[count];
        for (var e = 0; e < count; e++)
        {
            var n = random.Next(0, maxPulses + 1);
            var pulses = new TestPulse[n];
            var time = 6000L + random.Next(0, 500);
            for (var p = 0; p < n; p++)
            {
                time += random.Next(0, 300);
                pulses[p] = new TestPulse(
                    (short)random.Next(0, sensors),
                    time,
                    0.025 * random.Next(1, 400),
                    random.NextDouble() < 0.6);
            }

            events[e] = new TestEvent(firstEventId + 3 * e, random.NextDouble() * 2 * Math.PI, random.NextDouble() * Math.PI, pulses);
        }

        return events;
    }

    /// <summary>Writes one batch file, <paramref name="rowGroupRows"/> pulses per row group.</summary>
    public static void WriteBatch(string path, IReadOnlyList<TestEvent> events, bool required = false, int rowGroupRows = 50)
    {
        var pulses = events.SelectMany(e => e.Pulses.Select(p => (e.EventId, p))).ToArray();
        using var writer = new PulseBatchWriter(path, required);
        for (var start = 0; start < pulses.Length; start += rowGroupRows)
        {
            var chunk = pulses.Skip(start).Take(rowGroupRows).ToArray();
            writer.WriteRowGroup(
                chunk.Select(c => c.p.Sensor).ToArray(),
                chunk.Select(c => c.p.Time).ToArray(),
                chunk.Select(c => c.p.Charge).ToArray(),
                chunk.Select(c => c.p.Auxiliary).ToArray(),
                chunk.Select(c => c.EventId).ToArray());
        }

        writer.Commit();
    }

    /// <summary>
    /// Writes geometry, meta and batch files for a split; batches maps batch_id to its events. Meta rows follow
    /// the batches in the given order, <paramref name="metaRowGroupRows"/> per row group.
    /// </summary>
    public static void WriteSplit(
        string root,
        KaggleSplit split,
        IReadOnlyList<(long BatchId, TestEvent[] Events)> batches,
        bool required = false,
        int metaRowGroupRows = 7)
    {
        var rows = new List<(long Batch, long Event, long First, long Last, double Az, double Zen)>();
        foreach (var (batchId, events) in batches)
        {
            WriteBatch(KaggleLayout.BatchPath(root, split, batchId), events, required);
            var first = 0L;
            foreach (var e in events)
            {
                rows.Add((batchId, e.EventId, first, first + e.Pulses.Length - 1, e.Azimuth, e.Zenith));
                first += e.Pulses.Length;
            }
        }

        var withTargets = split == KaggleSplit.Train;
        using var meta = new MetaWriter(KaggleLayout.MetaPath(root, split), withTargets, required);
        for (var start = 0; start < rows.Count; start += metaRowGroupRows)
        {
            var chunk = rows.Skip(start).Take(metaRowGroupRows).ToArray();
            long[] b = [.. chunk.Select(r => r.Batch)], ev = [.. chunk.Select(r => r.Event)];
            long[] f = [.. chunk.Select(r => r.First)], l = [.. chunk.Select(r => r.Last)];
            if (withTargets)
            {
                meta.WriteRowGroup(b, ev, f, l, [.. chunk.Select(r => r.Az)], [.. chunk.Select(r => r.Zen)]);
            }
            else
            {
                meta.WriteRowGroup(b, ev, f, l);
            }
        }

        meta.Commit();
    }
}
