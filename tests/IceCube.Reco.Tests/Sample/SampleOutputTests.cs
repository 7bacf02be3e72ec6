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

        using var json = JsonDocument.Parse(metrics.ToJson());
        var root = json.RootElement;

        Assert.Multiple(() =>
        {
            foreach (var key in RunMetrics.RequiredKeys)
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

        using var json = JsonDocument.Parse(metrics.ToJson());
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
        File.WriteAllText(Path.Combine(data, "train_meta.parquet"), "");
        var output = Path.Combine(_root, "out");

        var code = SampleApp.Run(["--data", data, "--out", output, "--device", "cpu"]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadData));
            Assert.That(File.Exists(Path.Combine(output, SampleRun.SubmissionFile)), Is.False);
        });
    }

    [Test]
    public void TestOnlyDataWithoutModelExitsWithThreeAndNamesTheOption()
    {
        var data = Path.Combine(_root, "data");
        foreach (var file in new[] { "sensor_geometry.csv", "sample_submission.parquet", "test_meta.parquet", Path.Combine("test", "batch_2.parquet") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(data, file))!);
            File.WriteAllText(Path.Combine(data, file), "");
        }

        var error = new StringWriter();
        var before = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = SampleApp.Run(["--data", data, "--out", Path.Combine(_root, "out"), "--device", "cpu"]);
        }
        finally
        {
            Console.SetError(before);
        }

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadData));
            Assert.That(error.ToString(), Does.StartWith("error: --data ").And.Contain("--model"));
        });
    }
}
