using IceCube.Reco.Data;
using IceCube.Reco.Physics;

namespace IceCube.Reco.Tests.Data;

/// <summary>
/// <see cref="KaggleDataset.TestEvents"/> / <see cref="KaggleDataset.TrainEvents"/> read back hand-made events
/// written with the library's writers: every event id, range and pulse is compared with the events themselves.
/// </summary>
public class RawEventBatchTests
{
    private const int Sensors = 25;

    [Test]
    public void TestEvents_YieldEachBatchInMetaOrder_WithEveryPulse()
    {
        using var folder = new TempFolder();
        var batches = WriteDataset(folder.Path, KaggleSplit.Test);
        var data = KaggleDataset.Open(folder.Path);

        var seen = new List<long>();
        foreach (var batch in data.TestEvents())
        {
            var events = batches[seen.Count].Events;
            Assert.That(batch.BatchId, Is.EqualTo(batches[seen.Count].BatchId));
            Assert.That(batch.HasTargets, Is.False);
            Assert.That(batch.Azimuth.Length, Is.Zero);
            Assert.That(batch.Path, Is.EqualTo(KaggleLayout.BatchPath(folder.Path, KaggleSplit.Test, batch.BatchId)));
            Assert.That(batch.EventIds.ToArray(), Is.EqualTo(events.Select(e => e.EventId).ToArray()));
            Assert.That(batch.PulseCount, Is.EqualTo(events.Sum(e => e.Pulses.Length)));
            AssertPulses(batch, events);
            seen.Add(batch.BatchId);
        }

        Assert.That(seen, Is.EqualTo(batches.Select(b => b.BatchId).ToArray()));
    }

    [Test]
    public void TrainEvents_CarryTheTargetsOfTheMeta()
    {
        using var folder = new TempFolder();
        var batches = WriteDataset(folder.Path, KaggleSplit.Train);
        var data = KaggleDataset.Open(folder.Path);

        var b = 0;
        foreach (var batch in data.TrainEvents())
        {
            var events = batches[b++].Events;
            Assert.That(batch.HasTargets, Is.True);
            Assert.That(batch.Azimuth.ToArray(), Is.EqualTo(events.Select(e => e.Azimuth).ToArray()));
            Assert.That(batch.Zenith.ToArray(), Is.EqualTo(events.Select(e => e.Zenith).ToArray()));
            AssertPulses(batch, events);
        }

        Assert.That(b, Is.EqualTo(batches.Length));
    }

    [Test]
    public void MaxEvents_StopsInsideABatch_AndEachEnumerationRereads()
    {
        using var folder = new TempFolder();
        var batches = WriteDataset(folder.Path, KaggleSplit.Test);
        var data = KaggleDataset.Open(folder.Path);
        var cap = batches[0].Events.Length + 3;
        var expected = batches.SelectMany(b => b.Events).Take(cap).Select(e => e.EventId).ToArray();

        var events = data.TestEvents(cap);
        for (var pass = 0; pass < 2; pass++)
        {
            var ids = new List<long>();
            var counts = new List<int>();
            foreach (var batch in events)
            {
                ids.AddRange(batch.EventIds.ToArray());
                counts.Add(batch.EventCount);
            }

            Assert.That(ids, Is.EqualTo(expected), $"pass {pass}");
            Assert.That(counts, Is.EqualTo(new[] { batches[0].Events.Length, 3 }), $"pass {pass}");
        }
    }

    [Test]
    public void BadArguments_AndAMissingMeta_FailAtTheCall()
    {
        using var folder = new TempFolder();
        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(folder.Path));
        var data = KaggleDataset.Open(folder.Path);

        Assert.Throws<ArgumentOutOfRangeException>(() => data.TestEvents(0));
        var error = Assert.Throws<FileNotFoundException>(() => data.TrainEvents());
        Assert.That(error!.Message, Does.Contain("train_meta.parquet"));
    }

    [Test]
    public void AMissingBatchFile_FailsWhileEnumerating_NamingIt()
    {
        using var folder = new TempFolder();
        var batches = WriteDataset(folder.Path, KaggleSplit.Test);
        var missing = KaggleLayout.BatchPath(folder.Path, KaggleSplit.Test, batches[1].BatchId);
        File.Delete(missing);
        var data = KaggleDataset.Open(folder.Path);

        var yielded = 0;
        var error = Assert.Throws<FileNotFoundException>(() =>
        {
            foreach (var unused in data.TestEvents())
            {
                yielded++;
            }
        });
        Assert.That(error!.Message, Does.Contain(missing));
        Assert.That(yielded, Is.EqualTo(1));
    }

    [Test]
    public void ARangeHoldingAnotherEvent_IsInvalidData()
    {
        using var folder = new TempFolder();
        var batches = WriteDataset(folder.Path, KaggleSplit.Test);
        // Same pulses, events in reverse order: the meta's first range now holds the last event's id.
        var (batchId, events) = batches[0];
        TestEvents.WriteBatch(KaggleLayout.BatchPath(folder.Path, KaggleSplit.Test, batchId), events.Reverse().ToArray());
        var data = KaggleDataset.Open(folder.Path);

        var error = Assert.Throws<InvalidDataException>(() => data.TestEvents().First());
        Assert.That(error!.Message, Does.Contain(KaggleLayout.BatchPath(folder.Path, KaggleSplit.Test, batchId)));
        Assert.That(error.Message, Does.Contain("do not match"));
    }

    [Test]
    public void LineFitOverABatch_MatchesFittingEachEventAlone()
    {
        using var folder = new TempFolder();
        var batches = WriteDataset(folder.Path, KaggleSplit.Test);
        var data = KaggleDataset.Open(folder.Path);
        var options = new LineFitOptions { Improved = true };

        var b = 0;
        foreach (var batch in data.TestEvents())
        {
            var events = batches[b++].Events;
            var azimuth = new double[batch.EventCount];
            var zenith = new double[batch.EventCount];
            LineFitBaseline.FitBatch(data.Geometry, batch, azimuth, zenith, options);
            for (var e = 0; e < events.Length; e++)
            {
                // The batch holds charges as float, so the reference fits the same float-rounded values.
                var pulses = events[e].Pulses;
                var (expectedAzimuth, expectedZenith) = LineFitBaseline.Fit(
                    data.Geometry,
                    pulses.Select(p => p.Sensor).ToArray(),
                    pulses.Select(p => p.Time).ToArray(),
                    pulses.Select(p => (double)(float)p.Charge).ToArray(),
                    pulses.Select(p => p.Auxiliary).ToArray(),
                    options);
                Assert.That(azimuth[e], Is.EqualTo(expectedAzimuth).Within(1e-12), $"batch {batch.BatchId} event {e}");
                Assert.That(zenith[e], Is.EqualTo(expectedZenith).Within(1e-12), $"batch {batch.BatchId} event {e}");
            }

            Assert.Throws<ArgumentException>(() =>
                LineFitBaseline.FitBatch(data.Geometry, batch, new double[batch.EventCount + 1], new double[batch.EventCount + 1]));
        }
    }

    // Two batch files listed out of id order, with empty events among random ones.
    private static (long BatchId, TestEvent[] Events)[] WriteDataset(string root, KaggleSplit split)
    {
        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(root));
        var random = new Random(23);
        (long, TestEvent[])[] batches =
        [
            (7, TestEvents.Random(random, 1000, 12, 20, Sensors)),
            (3, TestEvents.Random(random, 5000, 9, 20, Sensors)),
        ];
        TestEvents.WriteSplit(root, split, batches);
        return batches;
    }

    private static void AssertPulses(RawEventBatch batch, TestEvent[] events)
    {
        for (var e = 0; e < events.Length; e++)
        {
            var first = (int)batch.FirstPulseIndex[e];
            var length = (int)(batch.LastPulseIndex[e] - batch.FirstPulseIndex[e] + 1);
            var pulses = events[e].Pulses;
            Assert.That(length, Is.EqualTo(pulses.Length), $"event {e}");
            Assert.That(batch.SensorId.Slice(first, length).ToArray(), Is.EqualTo(pulses.Select(p => p.Sensor).ToArray()));
            Assert.That(batch.Time.Slice(first, length).ToArray(), Is.EqualTo(pulses.Select(p => p.Time).ToArray()));
            Assert.That(batch.Charge.Slice(first, length).ToArray(), Is.EqualTo(pulses.Select(p => (float)p.Charge).ToArray()));
            Assert.That(batch.Auxiliary.Slice(first, length).ToArray(), Is.EqualTo(pulses.Select(p => p.Auxiliary).ToArray()));
        }
    }
}
