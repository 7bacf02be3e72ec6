using TrainPredictSubmit;

namespace IceCube.Reco.Tests.Sample;

public sealed class DataFolderTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Path.Combine(Path.GetTempPath(), "icr-sample-" + Guid.NewGuid().ToString("N"));

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
        var report = DataFolder.Inspect(_root);

        Assert.That(report.State, Is.EqualTo(DataFolderState.Missing));
    }

    [Test]
    public void EmptyFolder()
    {
        Directory.CreateDirectory(_root);

        Assert.That(DataFolder.Inspect(_root).State, Is.EqualTo(DataFolderState.Empty));
    }

    [Test]
    public void CompleteLayoutWithTruth()
    {
        WriteTest();
        WriteTrain();
        Touch(DataFolder.TestTruthFile);

        var report = DataFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DataFolderState.Complete));
            Assert.That(report.Missing, Is.Empty);
            Assert.That(report.HasTruth, Is.True);
            Assert.That(report.FullPath, Is.EqualTo(Path.GetFullPath(_root)));
        });
    }

    [Test]
    public void TestOnlyLayout()
    {
        WriteTest();

        var report = DataFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DataFolderState.TestOnly));
            Assert.That(report.HasTruth, Is.False);
        });
    }

    [Test]
    public void TrainMetaWithoutBatchesIsPartial()
    {
        WriteTest();
        Touch(DataFolder.TrainMetaFile);

        var report = DataFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DataFolderState.Partial));
            Assert.That(report.Missing, Is.EqualTo(new[] { "train/batch_<n>.parquet" }));
        });
    }

    [Test]
    public void MissingGeometryIsPartialAndNamed()
    {
        WriteTest();
        WriteTrain();
        File.Delete(Path.Combine(_root, DataFolder.GeometryFile));

        var report = DataFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DataFolderState.Partial));
            Assert.That(report.Missing, Is.EqualTo(new[] { DataFolder.GeometryFile }));
        });
    }

    [Test]
    public void UnrelatedContentIsPartialNotEmpty()
    {
        Directory.CreateDirectory(_root);
        Touch("notes.txt");

        var report = DataFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DataFolderState.Partial), "a folder with a user's files is never simulated over");
            Assert.That(report.Missing, Has.Count.EqualTo(6));
        });
    }

    [Test]
    public void AFileIsRefused()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "file");
        File.WriteAllText(file, "x");

        Assert.Throws<BadDataException>(() => DataFolder.Inspect(file));
    }

    [Test]
    public void PartialFolderIsRefusedAndLeftAlone()
    {
        WriteTest();
        Touch(DataFolder.TrainMetaFile);
        var before = Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories).Order().ToArray();

        var error = Assert.Throws<BadDataException>(() => DatasetPreparer.Prepare(
            new SampleOptions { DataDirectory = _root }, 10, 10, new ConsoleUi(false), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("train/batch_<n>.parquet"));
            Assert.That(Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories).Order(), Is.EqualTo(before));
        });
    }

    [Test]
    public void TestOnlyNeedsModel()
    {
        WriteTest();

        var refused = Assert.Throws<BadDataException>(() => DatasetPreparer.Prepare(
            new SampleOptions { DataDirectory = _root }, 10, 10, new ConsoleUi(false), CancellationToken.None));
        var accepted = DatasetPreparer.Prepare(
            new SampleOptions { DataDirectory = _root, ModelPath = "m.icr" }, 10, 10, new ConsoleUi(false), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("--model"));
            Assert.That(accepted.State, Is.EqualTo(DataFolderState.TestOnly));
        });
    }

    private void WriteTest()
    {
        Touch(DataFolder.GeometryFile);
        Touch(DataFolder.SampleSubmissionFile);
        Touch(DataFolder.TestMetaFile);
        Touch(Path.Combine("test", "batch_2.parquet"));
    }

    private void WriteTrain()
    {
        Touch(DataFolder.TrainMetaFile);
        Touch(Path.Combine("train", "batch_1.parquet"));
    }

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }
}
