using IceCube.Reco.Data;
using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

/// <summary>
/// The dataset-folder rules: simulate into a missing or empty folder (atomically), use a complete one, accept a
/// test-only one for prediction only, and refuse anything else without touching it.
/// </summary>
public sealed class DatasetPreparerTests
{
    private static readonly SimulationOptions Small = new() { Seed = 11, TrainEvents = 30, TestEvents = 40, Threads = 1 };
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Path.Combine(Path.GetTempPath(), "icr-prepare-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveRoot()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Folder => Path.Combine(_root, "data");

    [Test]
    public void AMissingFolderIsSimulatedIntoAndCompleteWithTruthInMetaOrder()
    {
        var data = DatasetPreparer.Prepare(Folder, Small);

        var report = DatasetFolder.Inspect(Folder);
        var tests = EventSimulator.Simulate(Small, Small.TrainEvents, Small.TestEvents);
        var ids = data.TestEvents().SelectMany(batch => batch.EventIds.ToArray()).ToArray();
        var truth = data.ReadTestTruth();
        Assert.Multiple(() =>
        {
            Assert.That(data.Root, Is.EqualTo(Path.GetFullPath(Folder)));
            Assert.That(report.State, Is.EqualTo(DatasetFolderState.Complete));
            Assert.That(report.HasTestTruth, Is.True);
            Assert.That(data.TrainEventCount, Is.EqualTo(Small.TrainEvents));
            Assert.That(ids, Is.EqualTo(tests.EventId.ToArray()));
            Assert.That(ids.Select(id => truth.TryGetAngles(id, out var az, out _) ? az : double.NaN), Is.EqualTo(tests.Azimuth.ToArray()));
            Assert.That(ids.Select(id => truth.TryGetAngles(id, out _, out var zen) ? zen : double.NaN), Is.EqualTo(tests.Zenith.ToArray()));
            Assert.That(Directory.GetFileSystemEntries(_root), Is.EqualTo(new[] { Folder }), "no staging folder is left beside it");
        });
    }

    [Test]
    public void AnEmptyFolderIsSimulatedIntoAndACompleteOneIsUsedAsItIs()
    {
        Directory.CreateDirectory(Folder);
        DatasetPreparer.Prepare(Folder, Small);
        var written = File.GetLastWriteTimeUtc(Path.Combine(Folder, "train_meta.parquet"));

        var again = DatasetPreparer.Prepare(Folder, Small with { Seed = 99, TrainEvents = 5 });

        Assert.Multiple(() =>
        {
            Assert.That(again.TrainEventCount, Is.EqualTo(Small.TrainEvents), "a complete dataset is not simulated again");
            Assert.That(File.GetLastWriteTimeUtc(Path.Combine(Folder, "train_meta.parquet")), Is.EqualTo(written));
        });
    }

    [Test]
    public void ACancelledSimulationLeavesTheFolderAsItWas()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancellation.Cancel());

        Assert.Catch<OperationCanceledException>(() =>
            DatasetPreparer.Prepare(Folder, Small with { TrainEvents = 5_000 }, progress: progress, cancellationToken: cancellation.Token));

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(Folder), Is.False);
            Assert.That(Directory.Exists(_root) ? Directory.GetFileSystemEntries(_root) : [], Is.Empty, "no staging folder is left");
            Assert.That(DatasetFolder.Inspect(Folder).State, Is.EqualTo(DatasetFolderState.Missing), "the next run simulates again");
        });
    }

    [Test]
    public void PartialFolderIsRefusedAndLeftAlone()
    {
        WriteTest();
        Touch("train_meta.parquet");
        var before = Directory.GetFileSystemEntries(Folder, "*", SearchOption.AllDirectories).Order().ToArray();

        var error = Assert.Throws<InvalidDataException>(() => DatasetPreparer.Prepare(Folder, Small));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(Path.GetFullPath(Folder)).And.Contain("train/batch_<n>.parquet"));
            Assert.That(Directory.GetFileSystemEntries(Folder, "*", SearchOption.AllDirectories).Order(), Is.EqualTo(before));
        });
    }

    [Test]
    public void TestOnlyIsForPredictionOnly()
    {
        SimulateTestOnly();

        var refused = Assert.Throws<InvalidDataException>(() => DatasetPreparer.Prepare(Folder, Small));
        var accepted = DatasetPreparer.Prepare(Folder, Small, forTraining: false);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("train_meta.parquet"));
            Assert.That(accepted.HasTrain, Is.False);
            Assert.That(accepted.TestEventCount, Is.EqualTo(Small.TestEvents));
        });
    }

    [Test]
    public void AFileIsRefused()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Folder, "x");

        Assert.Throws<InvalidDataException>(() => DatasetPreparer.Prepare(Folder, Small));
    }

    // A simulated dataset without its train half: what a user copies to predict with a trained model.
    private void SimulateTestOnly()
    {
        EventSimulator.WriteDataset(Folder, Small);
        File.Delete(Path.Combine(Folder, "train_meta.parquet"));
        Directory.Delete(Path.Combine(Folder, "train"), recursive: true);
    }

    private void WriteTest()
    {
        Touch("sensor_geometry.csv");
        Touch("sample_submission.parquet");
        Touch("test_meta.parquet");
        Touch(Path.Combine("test", "batch_2.parquet"));
    }

    private void Touch(string relative)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }
}
