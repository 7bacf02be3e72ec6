using IceCube.Reco.Data;
using IceCube.Reco.Simulation;
using IceCube.Reco.Tests.Data;

namespace IceCube.Reco.Tests.Simulation;

public class EventSimulatorDatasetTests
{
    private static readonly SimulationOptions Small = new() { Seed = 5, TrainEvents = 300, TestEvents = 90, EventsPerBatch = 128, Threads = 2 };

    [Test]
    public void WritesTheWholeLayoutConsistently()
    {
        using var folder = new TempFolder();
        var reports = new List<SimulationProgress>();
        EventSimulator.WriteDataset(folder.Path, Small, new SynchronousProgress(reports.Add));

        string[] expected =
        [
            "sensor_geometry.csv", "train_meta.parquet", "test_meta.parquet", "sample_submission.parquet", "test_truth.parquet",
            "train/batch_1.parquet", "train/batch_2.parquet", "train/batch_3.parquet", "test/batch_4.parquet",
        ];
        var files = Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder.Path, f).Replace('\\', '/')).OrderBy(f => f).ToArray();
        Assert.That(files, Is.EqualTo(expected.OrderBy(f => f).ToArray()));

        var geometry = SensorGeometry.Load(folder.File("sensor_geometry.csv"));
        Assert.That(geometry.X.ToArray(), Is.EqualTo(DetectorGeometry.IceCube86().X.ToArray()));

        var trainMeta = ParquetColumns.Read(folder.File("train_meta.parquet"));
        Assert.That(trainMeta["batch_id"], Is.EqualTo(Enumerable.Repeat(1L, 128).Concat(Enumerable.Repeat(2L, 128)).Concat(Enumerable.Repeat(3L, 44)).ToArray()));
        var testMeta = ParquetColumns.Read(folder.File("test_meta.parquet"));
        Assert.That(testMeta.Keys, Is.EquivalentTo(new[] { "batch_id", "event_id", "first_pulse_index", "last_pulse_index" }));
        Assert.That(testMeta["batch_id"], Has.All.EqualTo(4L));
        var allIds = ((long[])trainMeta["event_id"]).Concat((long[])testMeta["event_id"]).ToArray();
        for (var i = 1; i < allIds.Length; i++)
        {
            Assert.That(allIds[i], Is.GreaterThan(allIds[i - 1]), "event ids increase across train and test");
        }

        // Meta ranges address the rows of each event in its batch file.
        CheckBatch(folder.File("train/batch_2.parquet"), trainMeta, 2);
        CheckBatch(folder.File("test/batch_4.parquet"), testMeta, 4);

        // The test truth is exactly what the in-memory simulator gives for the test indices.
        var memory = EventSimulator.Simulate(Small, Small.TrainEvents, Small.TestEvents);
        var truth = ParquetColumns.Read(folder.File("test_truth.parquet"));
        Assert.That(truth["event_id"], Is.EqualTo(memory.EventId.ToArray()));
        Assert.That(truth["azimuth"], Is.EqualTo(memory.Azimuth.ToArray()));
        Assert.That(truth["zenith"], Is.EqualTo(memory.Zenith.ToArray()));
        Assert.That(truth["topology"], Is.EqualTo(memory.Topology.ToArray().Select(t => (int)t).ToArray()));
        var sample = ParquetColumns.Read(folder.File("sample_submission.parquet"));
        Assert.That(sample["event_id"], Is.EqualTo(memory.EventId.ToArray()));
        Assert.That(sample["azimuth"], Has.All.EqualTo(1.0));
        Assert.That(sample["zenith"], Has.All.EqualTo(1.0));

        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports[^1], Is.EqualTo(new SimulationProgress(390, 390, 4, 4)));
    }

    [Test]
    public void FilesAreByteIdenticalWhateverTheThreadCount()
    {
        using var one = new TempFolder();
        using var two = new TempFolder();
        var options = Small with { TrainEvents = 150, TestEvents = 20 };
        EventSimulator.WriteDataset(one.Path, options with { Threads = 1 });
        EventSimulator.WriteDataset(two.Path, options with { Threads = 2 });
        foreach (var file in Directory.GetFiles(one.Path, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(one.Path, file);
            Assert.That(File.ReadAllBytes(Path.Combine(two.Path, relative)), Is.EqualTo(File.ReadAllBytes(file)), relative);
        }
    }

    [Test]
    public void AFileAsRootIsRefused()
    {
        using var folder = new TempFolder();
        var file = folder.File("not-a-folder");
        File.WriteAllText(file, "x");
        var error = Assert.Throws<ArgumentException>(() => EventSimulator.WriteDataset(file, Small));
        Assert.That(error!.ParamName, Is.EqualTo("root"));
    }

    [Test]
    public void BadOptionsAreRefusedBeforeAnythingIsWritten()
    {
        using var folder = new TempFolder();
        var root = folder.File("out");
        var error = Assert.Throws<ArgumentException>(() => EventSimulator.WriteDataset(root, Small with { EventsPerBatch = -1 }));
        Assert.That(error!.ParamName, Is.EqualTo(nameof(SimulationOptions.EventsPerBatch)));
        Assert.That(Directory.Exists(root), Is.False);
    }

    [Test]
    public void ACancelledRunLeavesNoPartialFile()
    {
        using var folder = new TempFolder();
        using var cancel = new CancellationTokenSource();
        // Cancel as soon as the first block of the first batch is written.
        var progress = new SynchronousProgress(_ => cancel.Cancel());
        Assert.Throws<OperationCanceledException>(() =>
            EventSimulator.WriteDataset(folder.Path, Small with { EventsPerBatch = 5000, TrainEvents = 9000 }, progress, cancel.Token));
        var files = Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
        Assert.That(files, Is.EqualTo(new[] { "sensor_geometry.csv" }), "only the complete geometry file, no batch, meta or temporary file");
    }

    private static void CheckBatch(string path, Dictionary<string, Array> meta, long batchId)
    {
        var pulses = ParquetColumns.Read(path);
        var eventOfPulse = (long[])pulses["event_id"];
        var times = (long[])pulses["time"];
        var ids = (long[])meta["event_id"];
        var batches = (long[])meta["batch_id"];
        var firsts = (long[])meta["first_pulse_index"];
        var lasts = (long[])meta["last_pulse_index"];
        long next = 0;
        for (var e = 0; e < ids.Length; e++)
        {
            if (batches[e] != batchId)
            {
                continue;
            }

            Assert.That(firsts[e], Is.EqualTo(next));
            for (var p = firsts[e]; p <= lasts[e]; p++)
            {
                Assert.That(eventOfPulse[p], Is.EqualTo(ids[e]));
                if (p > firsts[e])
                {
                    Assert.That(times[p], Is.GreaterThanOrEqualTo(times[p - 1]));
                }
            }

            next = lasts[e] + 1;
        }

        Assert.That(next, Is.EqualTo(eventOfPulse.Length), "every row belongs to an event of the batch");
    }
}
