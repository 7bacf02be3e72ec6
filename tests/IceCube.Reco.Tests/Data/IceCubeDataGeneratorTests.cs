using IceCube.Reco.Data;
using IceCube.Reco.Physics;

namespace IceCube.Reco.Tests.Data;

public class IceCubeDataGeneratorTests
{
    private const int Sensors = 25;

    [TestCase(false)]
    [TestCase(true)]
    public void Test_YieldsEveryEventInMetaOrder_WithShortLastBatch(bool required)
    {
        using var folder = new TempFolder();
        var batches = Build(folder.Path, KaggleSplit.Test, required, (661, 9), (3, 14));
        var data = KaggleDataset.Open(folder.Path);
        var options = FeaturizationOptions.Default with { MaxPulses = 10 };
        var generator = data.Test(batchSize: 4, options);
        Assert.That(generator.HasTargets, Is.False);

        var all = batches.SelectMany(b => b.Events).ToArray();
        var featurizer = new EventFeaturizer(options, data.Geometry);
        var seen = new List<long>();
        var counts = new List<int>();
        foreach (var batch in generator)
        {
            counts.Add(batch.Count);
            Assert.That(batch.Directions.Length, Is.Zero);
            Assert.That(batch.Features.Length, Is.EqualTo(batch.Count * 10 * 6));
            for (var row = 0; row < batch.Count; row++)
            {
                var e = all[seen.Count];
                Assert.That(batch.EventIds[row], Is.EqualTo(e.EventId));
                var expected = new float[60];
                var length = featurizer.Featurize(Pulses(e), expected);
                Assert.That(batch.Lengths[row], Is.EqualTo(length));
                Assert.That(batch.Features.Slice(row * 60, 60).ToArray(), Is.EqualTo(expected));
                seen.Add(e.EventId);
            }
        }

        Assert.That(seen, Has.Count.EqualTo(23));
        Assert.That(counts, Is.EqualTo(new[] { 4, 4, 4, 4, 4, 3 }));
    }

    [Test]
    public void Train_TargetsAreUnitVectorsOfTheAngles_AndSplitIsDisjoint()
    {
        using var folder = new TempFolder();
        var batches = Build(folder.Path, KaggleSplit.Train, false, (1, 30), (2, 25), (3, 20));
        var data = KaggleDataset.Open(folder.Path);
        var options = new DatasetOptions { ValidationFraction = 0.3, Seed = 17 };
        var byId = batches.SelectMany(b => b.Events).ToDictionary(e => e.EventId);

        var train = Collect(data.Train(8, options: options));
        var validation = Collect(data.Validation(8, options: options));
        Assert.That(train.Keys.Intersect(validation.Keys), Is.Empty);
        Assert.That(train.Keys.Union(validation.Keys), Is.EquivalentTo(byId.Keys));
        Assert.That(validation, Has.Count.InRange(10, 40), "about 30% of 75 events");
        foreach (var (id, target) in train.Concat(validation))
        {
            var e = byId[id];
            var (x, y, z) = Direction.ToUnitVector(e.Azimuth, e.Zenith);
            Assert.That(target, Is.EqualTo(new[] { (float)x, (float)y, (float)z, (float)e.Azimuth, (float)e.Zenith }).Within(1e-6f));
        }
    }

    [Test]
    public void Train_IsSeededAndDeterministic_AndReshufflesEachPass()
    {
        using var folder = new TempFolder();
        Build(folder.Path, KaggleSplit.Train, false, (1, 30), (2, 25), (3, 20));
        var data = KaggleDataset.Open(folder.Path);
        var options = new DatasetOptions { ValidationFraction = 0.2, Seed = 3 };

        var first = data.Train(7, options: options);
        var second = data.Train(7, options: options);
        var passA = Order(first);
        var passB = Order(second);
        Assert.That(passB, Is.EqualTo(passA), "same seed, same pass: same order");
        var nextPass = Order(first);
        Assert.That(nextPass, Is.Not.EqualTo(passA), "a new pass reshuffles");
        Assert.That(nextPass, Is.EquivalentTo(passA), "over the same events");
        var otherSeed = Order(data.Train(7, options: options with { Seed = 4 }));
        Assert.That(otherSeed, Is.Not.EquivalentTo(passA), "another seed, another split");
    }

    [Test]
    public void MaxEventsAndMaxBatchFiles_LimitTheEvents()
    {
        using var folder = new TempFolder();
        var batches = Build(folder.Path, KaggleSplit.Train, false, (4, 10), (2, 10), (8, 10));
        var data = KaggleDataset.Open(folder.Path);
        var limited = Order(data.Validation(3, options: new DatasetOptions { ValidationFraction = 0.5, MaxEvents = 7 }));
        var all = Order(data.Validation(3, options: new DatasetOptions { ValidationFraction = 0.5 }));
        Assert.That(limited, Is.EqualTo(all.Take(7)));
        var firstFile = Order(data.Train(5, options: new DatasetOptions { ValidationFraction = 0, MaxBatchFiles = 1 }));
        Assert.That(firstFile, Is.EquivalentTo(batches[0].Events.Select(e => e.EventId)));
        Assert.That(data.TrainEventCount, Is.EqualTo(30));
    }

    [Test]
    public void EarlyDispose_StopsThePass_AndTheGeneratorIsReusable()
    {
        using var folder = new TempFolder();
        Build(folder.Path, KaggleSplit.Test, false, (1, 40), (2, 40));
        var generator = KaggleDataset.Open(folder.Path).Test(2);
        using (var pass = generator.GetEnumerator())
        {
            Assert.That(pass.MoveNext(), Is.True);
            Assert.Throws<InvalidOperationException>(() => generator.GetEnumerator(), "one pass at a time");
        }

        Assert.That(Order(generator), Has.Count.EqualTo(80));
        Assert.That(generator.Passes, Is.EqualTo(2));
    }

    [Test]
    public void ZeroPulseEvents_HaveLengthZero()
    {
        using var folder = new TempFolder();
        TestEvent[] events = [new(1, 1, 1, []), new(2, 1, 1, [new(0, 5, 1, true)]), new(3, 1, 1, [])];
        TestEvents.WriteSplit(folder.Path, KaggleSplit.Test, [(1, events)]);
        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(folder.Path));
        var data = KaggleDataset.Open(folder.Path);
        var lengths = new List<int>();
        foreach (var batch in data.Test(8, FeaturizationOptions.Notebook))
        {
            lengths.AddRange(batch.Lengths.ToArray());
            Assert.That(batch.Features.ToArray(), Is.All.EqualTo(0f));
        }

        Assert.That(lengths, Is.EqualTo(new[] { 0, 0, 0 }));
    }

    [Test]
    public void BadData_SurfacesFromTheEnumerator()
    {
        using var folder = new TempFolder();
        Build(folder.Path, KaggleSplit.Test, false, (1, 5), (2, 5));
        File.Delete(KaggleLayout.BatchPath(folder.Path, KaggleSplit.Test, 2));
        var error = Assert.Throws<FileNotFoundException>(() => Order(KaggleDataset.Open(folder.Path).Test(2)));
        Assert.That(error!.Message, Does.Contain("batch_2.parquet").And.Contain("expected layout"));

        // A meta whose ranges point past the batch file's rows.
        TestEvents.WriteBatch(KaggleLayout.BatchPath(folder.Path, KaggleSplit.Test, 2), [new(99, 0, 0, [new(0, 1, 1, false)])]);
        var mismatch = Assert.Throws<InvalidDataException>(() => Order(KaggleDataset.Open(folder.Path).Test(2)));
        Assert.That(mismatch!.Message, Does.Contain("batch 2"));
    }

    [Test]
    public void MissingFolderGeometryOrMeta_NamePathAndLayout()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "nowhere");
        var error = Assert.Throws<FileNotFoundException>(() => KaggleDataset.Open(missing));
        Assert.That(error!.Message, Does.Contain(missing).And.Contain("expected layout"));

        error = Assert.Throws<FileNotFoundException>(() => KaggleDataset.Open(folder.Path));
        Assert.That(error!.Message, Does.Contain("sensor_geometry.csv").And.Contain("expected layout"));

        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(folder.Path));
        var data = KaggleDataset.Open(folder.Path);
        Assert.That(data.HasTrain, Is.False);
        error = Assert.Throws<FileNotFoundException>(() => data.Train(4));
        Assert.That(error!.Message, Does.Contain("train_meta.parquet").And.Contain("expected layout"));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Test(0));
    }

    private static (long BatchId, TestEvent[] Events)[] Build(string root, KaggleSplit split, bool required, params (long BatchId, int Count)[] files)
    {
        var random = new Random(11);
        var batches = files.Select(f => (f.BatchId, TestEvents.Random(random, f.BatchId * 1000, f.Count, 24, Sensors))).ToArray();
        TestEvents.WriteSplit(root, split, batches, required);
        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(root));
        return batches;
    }

    private static EventPulses Pulses(TestEvent e) => new(
        e.Pulses.Select(p => p.Sensor).ToArray(),
        e.Pulses.Select(p => p.Time).ToArray(),
        e.Pulses.Select(p => (float)p.Charge).ToArray(),
        e.Pulses.Select(p => p.Auxiliary).ToArray());

    private static Dictionary<long, float[]> Collect(IceCubeDataGenerator generator)
    {
        var result = new Dictionary<long, float[]>();
        foreach (var batch in generator)
        {
            for (var row = 0; row < batch.Count; row++)
            {
                result.Add(batch.EventIds[row], [.. batch.Directions.Slice(row * 3, 3), .. batch.Angles.Slice(row * 2, 2)]);
            }
        }

        return result;
    }

    private static List<long> Order(IceCubeDataGenerator generator)
    {
        var ids = new List<long>();
        foreach (var batch in generator)
        {
            ids.AddRange(batch.EventIds.ToArray());
        }

        return ids;
    }
}
