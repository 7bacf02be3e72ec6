using IceCube.Reco.Data;

namespace IceCube.Reco.Tests.Data;

public sealed class DatasetFolderTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Path.Combine(Path.GetTempPath(), "icr-folder-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveRoot()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void MissingFolder()
    {
        var report = DatasetFolder.Inspect(_root);

        Assert.That(report.State, Is.EqualTo(DatasetFolderState.Missing));
    }

    [Test]
    public void EmptyFolder()
    {
        Directory.CreateDirectory(_root);

        Assert.That(DatasetFolder.Inspect(_root).State, Is.EqualTo(DatasetFolderState.Empty));
    }

    [Test]
    public void CompleteLayoutWithTruth()
    {
        WriteTest();
        WriteTrain();
        Touch("test_truth.parquet");

        var report = DatasetFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DatasetFolderState.Complete));
            Assert.That(report.Missing, Is.Empty);
            Assert.That(report.HasTestTruth, Is.True);
            Assert.That(report.FullPath, Is.EqualTo(Path.GetFullPath(_root)));
        });
    }

    [Test]
    public void TestOnlyLayout()
    {
        WriteTest();

        var report = DatasetFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DatasetFolderState.TestOnly));
            Assert.That(report.HasTestTruth, Is.False);
        });
    }

    [Test]
    public void TrainMetaWithoutBatchesIsPartial()
    {
        WriteTest();
        Touch("train_meta.parquet");

        var report = DatasetFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DatasetFolderState.Partial));
            Assert.That(report.Missing, Is.EqualTo(new[] { "train/batch_<n>.parquet" }));
        });
    }

    [Test]
    public void MissingGeometryIsPartialAndNamed()
    {
        WriteTest();
        WriteTrain();
        File.Delete(Path.Combine(_root, "sensor_geometry.csv"));

        var report = DatasetFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DatasetFolderState.Partial));
            Assert.That(report.Missing, Is.EqualTo(new[] { "sensor_geometry.csv" }));
        });
    }

    [Test]
    public void UnrelatedContentIsPartialNotEmpty()
    {
        Directory.CreateDirectory(_root);
        Touch("notes.txt");

        var report = DatasetFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DatasetFolderState.Partial), "a folder with a user's files is never simulated over");
            Assert.That(report.Missing, Has.Count.EqualTo(6));
        });
    }

    [Test]
    public void AFileIsRefused()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "file");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<InvalidDataException>(() => DatasetFolder.Inspect(file));
        Assert.That(error!.Message, Does.Contain(file));
    }

    [Test]
    public void MissingEntriesAreListedInLayoutOrder()
    {
        Directory.CreateDirectory(_root);
        Touch("notes.txt");

        var report = DatasetFolder.Inspect(_root);

        Assert.That(report.Missing, Is.EqualTo(new[]
        {
            "sensor_geometry.csv", "sample_submission.parquet", "train_meta.parquet", "train/batch_<n>.parquet",
            "test_meta.parquet", "test/batch_<n>.parquet",
        }));
    }

    private void WriteTest()
    {
        Touch("sensor_geometry.csv");
        Touch("sample_submission.parquet");
        Touch("test_meta.parquet");
        Touch(Path.Combine("test", "batch_2.parquet"));
    }

    private void WriteTrain()
    {
        Touch("train_meta.parquet");
        Touch(Path.Combine("train", "batch_1.parquet"));
    }

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }
}
