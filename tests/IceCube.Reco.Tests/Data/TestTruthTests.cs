using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using ParquetSharp;

namespace IceCube.Reco.Tests.Data;

public class TestTruthTests
{
    private const int Sensors = 25;

    [TestCase(false)]
    [TestCase(true)]
    public void ReadTestTruth_ReturnsTheRowsInFileOrder_WithLookup(bool required)
    {
        using var folder = new TempFolder();
        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(folder.Path));
        var data = KaggleDataset.Open(folder.Path);
        Assert.That(data.HasTestTruth, Is.False);

        long[] ids = [9482, 2092, 7344, 5];
        double[] azimuth = [0.0, 6.2831, 3.5, 1.25];
        double[] zenith = [3.14159, 0.0, 1.5, 0.75];
        using (var writer = new EventAnglesWriter(
            KaggleLayout.TestTruthPath(folder.Path),
            [new("topology", ParquetColumnType.Int32), new("energy", ParquetColumnType.Double)],
            required))
        {
            writer.WriteRowGroup(ids.AsSpan(0, 3), azimuth.AsSpan(0, 3), zenith.AsSpan(0, 3));
            writer.WriteExtraColumn([0, 1, 2]);
            writer.WriteExtraColumn([1e3, 2e3, 3e3]);
            writer.WriteRowGroup(ids.AsSpan(3), azimuth.AsSpan(3), zenith.AsSpan(3));
            writer.WriteExtraColumn([1]);
            writer.WriteExtraColumn([4e3]);
            writer.Commit();
        }

        Assert.That(data.HasTestTruth, Is.True);
        var truth = data.ReadTestTruth();
        Assert.That(truth.Count, Is.EqualTo(4));
        Assert.That(truth.EventIds.ToArray(), Is.EqualTo(ids));
        Assert.That(truth.Azimuth.ToArray(), Is.EqualTo(azimuth));
        Assert.That(truth.Zenith.ToArray(), Is.EqualTo(zenith));
        Assert.That(truth.Source, Is.EqualTo(KaggleLayout.TestTruthPath(folder.Path)));
        Assert.That(truth.IndexOf(7344), Is.EqualTo(2));
        Assert.That(truth.IndexOf(7345), Is.EqualTo(-1));
        Assert.That(truth.TryGetAngles(5, out var az, out var zen), Is.True);
        Assert.That((az, zen), Is.EqualTo((1.25, 0.75)));
        Assert.That(truth.TryGetAngles(6, out _, out _), Is.False);
    }

    [Test]
    public void NarrowTypesAndAnyColumnOrder_AreRead()
    {
        using var folder = new TempFolder();
        var path = KaggleLayout.TestTruthPath(folder.Path);
        using (var writer = new ParquetFileWriter(path, [
            new Column<float>("zenith"), new Column<int>("topology"), new Column<float>("azimuth"), new Column<int>("event_id")]))
        {
            using var group = writer.AppendRowGroup();
            using (var column = group.NextColumn().LogicalWriter<float>())
            {
                column.WriteBatch([0.5f, 2.75f]);
            }

            using (var column = group.NextColumn().LogicalWriter<int>())
            {
                column.WriteBatch([1, 0]);
            }

            using (var column = group.NextColumn().LogicalWriter<float>())
            {
                column.WriteBatch([4.125f, 0.1f]);
            }

            using (var column = group.NextColumn().LogicalWriter<int>())
            {
                column.WriteBatch([31, 7]);
            }

            writer.Close();
        }

        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(folder.Path));
        var truth = KaggleDataset.Open(folder.Path).ReadTestTruth();
        Assert.That(truth.EventIds.ToArray(), Is.EqualTo(new long[] { 31, 7 }));
        Assert.That(truth.Azimuth.ToArray(), Is.EqualTo(new double[] { 4.125f, 0.1f }));
        Assert.That(truth.Zenith.ToArray(), Is.EqualTo(new double[] { 0.5f, 2.75f }));
    }

    [Test]
    public void BadTruthFiles_NameFileColumnAndRow()
    {
        using var folder = new TempFolder();
        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(folder.Path));
        var data = KaggleDataset.Open(folder.Path);
        var path = KaggleLayout.TestTruthPath(folder.Path);

        var missing = Assert.Throws<FileNotFoundException>(() => data.ReadTestTruth());
        Assert.That(missing!.Message, Does.Contain(path));

        WriteTruth(path, [1, 2, 3], [0.5, double.NaN, 1.0], [1.0, 1.0, 1.0]);
        var error = Assert.Throws<InvalidDataException>(() => data.ReadTestTruth());
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'azimuth'").And.Contain("row 1").And.Contain("event 2"));

        WriteTruth(path, [1, 2, 3], [0.5, 0.5, 1.0], [1.0, 1.0, double.PositiveInfinity]);
        error = Assert.Throws<InvalidDataException>(() => data.ReadTestTruth());
        Assert.That(error!.Message, Does.Contain("'zenith'").And.Contain("row 2").And.Contain("event 3"));

        WriteTruth(path, [4, 5, 4], [0.5, 0.5, 1.0], [1.0, 1.0, 1.0]);
        error = Assert.Throws<InvalidDataException>(() => data.ReadTestTruth());
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'event_id'").And.Contain("rows 0 and 2"));

        using (var writer = new ParquetFileWriter(path, [new Column<long>("event_id"), new Column<double>("azimuth")]))
        {
            writer.Close();
        }

        error = Assert.Throws<InvalidDataException>(() => data.ReadTestTruth());
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'zenith'"));

        using (var writer = new ParquetFileWriter(path, [
            new Column<long>("event_id"), new Column<double>("azimuth"), new Column<bool>("zenith")]))
        {
            writer.Close();
        }

        error = Assert.Throws<InvalidDataException>(() => data.ReadTestTruth());
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'zenith'").And.Contain("Boolean"));

        WriteTruth(path, [1, 2, 3], [0.5, 0.5, 1.0], [1.0, 1.0, 1.0]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        error = Assert.Throws<InvalidDataException>(() => data.ReadTestTruth());
        Assert.That(error!.Message, Does.Contain(path));
    }

    [Test]
    public void AttachTestTruth_GivesTestMiniBatchesTheirTargets_InMetaOrder()
    {
        using var folder = new TempFolder();
        var batches = Build(folder.Path, (661, 9), (3, 6));
        var all = batches.SelectMany(b => b.Events).ToArray();
        // The truth file lists the events in another order than the meta: the generator must look them up.
        var shuffled = all.AsEnumerable().Reverse().ToArray();
        WriteTruth(KaggleLayout.TestTruthPath(folder.Path),
            [.. shuffled.Select(e => e.EventId)], [.. shuffled.Select(e => e.Azimuth)], [.. shuffled.Select(e => e.Zenith)]);
        var data = KaggleDataset.Open(folder.Path);

        var plain = data.Test(4);
        Assert.That(plain.HasTargets, Is.False);
        var scored = data.Test(4, options: new DatasetOptions { AttachTestTruth = true });
        Assert.That(scored.HasTargets, Is.True);

        var plainFeatures = new List<float>();
        foreach (var batch in plain)
        {
            Assert.That(batch.HasTargets, Is.False);
            plainFeatures.AddRange(batch.Features.ToArray());
        }

        var seen = 0;
        var scoredFeatures = new List<float>();
        foreach (var batch in scored)
        {
            Assert.That(batch.HasTargets, Is.True);
            scoredFeatures.AddRange(batch.Features.ToArray());
            for (var row = 0; row < batch.Count; row++, seen++)
            {
                var e = all[seen];
                Assert.That(batch.EventIds[row], Is.EqualTo(e.EventId));
                var (x, y, z) = Direction.ToUnitVector(e.Azimuth, e.Zenith);
                Assert.That(batch.Directions.Slice(row * 3, 3).ToArray(), Is.EqualTo(new[] { (float)x, (float)y, (float)z }).Within(1e-6f));
                Assert.That(batch.Angles.Slice(row * 2, 2).ToArray(), Is.EqualTo(new[] { (float)e.Azimuth, (float)e.Zenith }));
            }
        }

        Assert.That(seen, Is.EqualTo(all.Length));
        Assert.That(scoredFeatures, Is.EqualTo(plainFeatures), "the truth changes the targets only");
    }

    [Test]
    public void AttachTestTruth_RefusesAMissingFileOrEvent()
    {
        using var folder = new TempFolder();
        var batches = Build(folder.Path, (661, 5));
        var data = KaggleDataset.Open(folder.Path);
        var options = new DatasetOptions { AttachTestTruth = true };
        var path = KaggleLayout.TestTruthPath(folder.Path);
        var missing = Assert.Throws<FileNotFoundException>(() => data.Test(2, options: options));
        Assert.That(missing!.Message, Does.Contain(path));

        var events = batches[0].Events;
        var partial = events.Where((_, i) => i != 3).ToArray();
        WriteTruth(path, [.. partial.Select(e => e.EventId)], [.. partial.Select(e => e.Azimuth)], [.. partial.Select(e => e.Zenith)]);
        var generator = data.Test(2, options: options);
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var batch in generator)
            {
                Assert.That(batch.HasTargets, Is.True);
            }
        });
        Assert.That(error!.Message, Does.Contain(path).And.Contain($"event {events[3].EventId}").And.Contain("batch 661"));

        var trainOptions = new DatasetOptions { AttachTestTruth = true, ValidationFraction = 0 };
        TestEvents.WriteSplit(folder.Path, KaggleSplit.Train, batches);
        Assert.That(data.Train(2, options: trainOptions).HasTargets, Is.True, "train targets come from the meta");
    }

    [Test]
    public void Score_MatchesPredictionsByEventId_WithTheCompetitionMetric()
    {
        using var folder = new TempFolder();
        var path = folder.File("truth.parquet");
        WriteTruth(path, [10, 20, 30], [0.0, 1.0, 2.0], [0.0, 0.5, 1.5]);
        var truth = EventAnglesReader.Read(path);
        EventPrediction[] predictions = [new(30, 2.5, 1.0), new(10, 0.0, Math.PI / 2)];

        var stats = truth.Score(predictions);

        Assert.Multiple(() =>
        {
            Assert.That(stats.Errors, Is.EqualTo(new[] { AngularError.Angle(2.0, 1.5, 2.5, 1.0), Math.PI / 2 }), "prediction order");
            Assert.That(stats.Mean, Is.EqualTo(AngularError.Mean([2.0, 0.0], [1.5, 0.0], [2.5, 0.0], [1.0, Math.PI / 2])));
            Assert.That(stats.Median, Is.EqualTo(0.5 * (stats.Errors[0] + stats.Errors[1])));
        });
        var unknown = Assert.Throws<ArgumentException>(() => truth.Score([new EventPrediction(40, 0, 0)]));
        Assert.That(unknown!.Message, Does.Contain("40").And.Contain(path));
        Assert.Throws<ArgumentException>(() => truth.Score([]));
    }

    private static (long BatchId, TestEvent[] Events)[] Build(string root, params (long BatchId, int Count)[] files)
    {
        var random = new Random(5);
        var batches = files.Select(f => (f.BatchId, TestEvents.Random(random, f.BatchId * 1000, f.Count, 12, Sensors))).ToArray();
        TestEvents.WriteSplit(root, KaggleSplit.Test, batches);
        TestEvents.Geometry(Sensors).Save(KaggleLayout.GeometryPath(root));
        return batches;
    }

    private static void WriteTruth(string path, long[] ids, double[] azimuth, double[] zenith)
    {
        using var writer = new EventAnglesWriter(path);
        writer.WriteRowGroup(ids, azimuth, zenith);
        writer.Commit();
    }
}
