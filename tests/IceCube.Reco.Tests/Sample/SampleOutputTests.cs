using System.Text.Json;
using TrainPredictSubmit;

namespace IceCube.Reco.Tests.Sample;

public sealed class SampleOutputTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "icr-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void MetricsJsonIsFlatWithEveryRequiredKey()
    {
        var metrics = new RunMetrics
        {
            ModelMean = 0.5,
            ModelMedian = 0.25,
            LineFitMean = 0.75,
            ConstantMean = 1.5,
            TrainEventsPerSecond = 123.5,
            PredictEventsPerSecond = 456.0,
            TestEvents = 42,
            Device = "cpu",
            DeviceName = "ILGPU CPU accelerator",
            Preset = "compact",
            Parameters = 4010,
        };

        using var json = JsonDocument.Parse(MetricsFile.ToJson(metrics));
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            foreach (var key in MetricsFile.RequiredKeys)
            {
                Assert.That(root.TryGetProperty(key, out _), Is.True, key);
            }

            Assert.That(root.EnumerateObject().All(p => p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)), Is.True);
            Assert.That(root.GetProperty("model_mean_angular_error").GetDouble(), Is.EqualTo(0.5));
            Assert.That(root.GetProperty("model_median_angular_error").GetDouble(), Is.EqualTo(0.25));
            Assert.That(root.GetProperty("linefit_mean_angular_error").GetDouble(), Is.EqualTo(0.75));
            Assert.That(root.GetProperty("constant_mean_angular_error").GetDouble(), Is.EqualTo(1.5));
            Assert.That(root.GetProperty("train_events_per_s").GetDouble(), Is.EqualTo(123.5));
            Assert.That(root.GetProperty("predict_events_per_s").GetDouble(), Is.EqualTo(456.0));
            Assert.That(root.GetProperty("test_events").GetInt32(), Is.EqualTo(42));
            Assert.That(root.GetProperty("device").GetString(), Is.EqualTo("cpu"));
            Assert.That(root.GetProperty("preset").GetString(), Is.EqualTo("compact"));
            Assert.That(root.GetProperty("parameters").GetInt64(), Is.EqualTo(4010));
        });
    }

    [Test]
    public void MetricsWithoutTruthOrTrainingAreNull()
    {
        var metrics = new RunMetrics { PredictEventsPerSecond = 10.0, TestEvents = 3, Device = "cpu", DeviceName = "x", Preset = "checkpoint" };

        using var json = JsonDocument.Parse(MetricsFile.ToJson(metrics));
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            foreach (var key in new[] { "model_mean_angular_error", "model_median_angular_error", "linefit_mean_angular_error", "constant_mean_angular_error", "train_events_per_s" })
            {
                Assert.That(root.GetProperty(key).ValueKind, Is.EqualTo(JsonValueKind.Null), key);
            }
        });
    }

    [Test]
    public void ErrorStatsMatchHandComputedAngles()
    {
        // Truth straight up (zenith 0); predictions at 0, 90 degrees (any azimuth) and straight down.
        double[] trueAzimuth = [0.0, 0.0, 0.0];
        double[] trueZenith = [0.0, 0.0, 0.0];
        double[] azimuth = [2.0, 1.0, 0.5];
        double[] zenith = [0.0, Math.PI / 2, Math.PI];

        var stats = ErrorStats.Of(trueAzimuth, trueZenith, azimuth, zenith);

        Assert.Multiple(() =>
        {
            Assert.That(stats.Errors[0], Is.EqualTo(0.0).Within(1e-12));
            Assert.That(stats.Errors[1], Is.EqualTo(Math.PI / 2).Within(1e-12));
            Assert.That(stats.Errors[2], Is.EqualTo(Math.PI).Within(1e-12));
            Assert.That(stats.Mean, Is.EqualTo(Math.PI / 2).Within(1e-12));
            Assert.That(stats.Median, Is.EqualTo(Math.PI / 2).Within(1e-12));
        });
    }

    [Test]
    public void MedianOfAnEvenCountAveragesTheMiddlePair()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ErrorStats.MedianOf([4.0, 1.0, 3.0, 2.0]), Is.EqualTo(2.5));
            Assert.That(ErrorStats.MedianOf([5.0]), Is.EqualTo(5.0));
            Assert.Throws<ArgumentException>(() => ErrorStats.MedianOf([]));
        });
    }

    [Test]
    public void AtomicOutputReplacesAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_root, "sub", "file.txt");

        AtomicOutput.Write(path, "first"u8);
        AtomicOutput.Write(path, "second"u8);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo("second"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void UsageErrorExitsWithTwo()
    {
        Assert.That(SampleApp.Run(["--epochs", "zero"]), Is.EqualTo(ExitCodes.Usage));
    }

    [Test]
    public void HelpExitsWithZero()
    {
        Assert.That(SampleApp.Run(["--help"]), Is.EqualTo(ExitCodes.Success));
    }

    [Test]
    public void PartialDataExitsWithThreeAndWritesNoSubmission()
    {
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, DataFolder.TrainMetaFile), "");
        var output = Path.Combine(_root, "out");

        var code = SampleApp.Run(["--data", data, "--out", output, "--device", "cpu"]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadData));
            Assert.That(File.Exists(Path.Combine(output, SampleRun.SubmissionFile)), Is.False);
        });
    }
}
