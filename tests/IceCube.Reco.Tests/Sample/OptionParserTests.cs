using TrainPredictSubmit;

namespace IceCube.Reco.Tests.Sample;

public sealed class OptionParserTests
{
    private static readonly string[] Presets = ["notebook", "default", "compact"];

    private static SampleOptions Parse(params string[] args) => OptionParser.Parse(args, Presets);

    [Test]
    public void NoArgumentsGivesTheDocumentedDefaults()
    {
        var options = Parse();

        Assert.Multiple(() =>
        {
            Assert.That(options.DataDirectory, Is.EqualTo(Path.Combine("data", "simulated")));
            Assert.That(options.OutputDirectory, Is.EqualTo("out"));
            Assert.That(options.ModelPath, Is.Null);
            Assert.That(options.ResumePath, Is.Null);
            Assert.That(options.Preset, Is.Null, "no preset given: the run picks one for the device");
            Assert.That(options.Device, Is.Null, "no device given: ICECUBE_RECO_DEVICE, then auto");
            Assert.That(options.TrainEvents, Is.Null);
            Assert.That(options.Epochs, Is.Null);
            Assert.That(options.Seed, Is.EqualTo(1));
            Assert.That(options.ShowHelp, Is.False);
        });
    }

    [Test]
    public void EveryOptionIsRead()
    {
        var options = Parse(
            "--data", "d", "--out", "o", "--train-events", "1000", "--test-events", "200", "--epochs", "3",
            "--batch-size", "64", "--max-pulses", "96", "--lr", "0.002", "--loss", "vmf", "--preset", "Notebook",
            "--device", "CUDA:1", "--seed", "7");

        Assert.Multiple(() =>
        {
            Assert.That(options.DataDirectory, Is.EqualTo("d"));
            Assert.That(options.OutputDirectory, Is.EqualTo("o"));
            Assert.That(options.TrainEvents, Is.EqualTo(1000));
            Assert.That(options.TestEvents, Is.EqualTo(200));
            Assert.That(options.Epochs, Is.EqualTo(3));
            Assert.That(options.BatchSize, Is.EqualTo(64));
            Assert.That(options.MaxPulses, Is.EqualTo(96));
            Assert.That(options.LearningRate, Is.EqualTo(0.002));
            Assert.That(options.Loss, Is.EqualTo("vmf"));
            Assert.That(options.Preset, Is.EqualTo("notebook"));
            Assert.That(options.Device, Is.EqualTo("cuda:1"));
            Assert.That(options.Seed, Is.EqualTo(7));
        });
    }

    [Test]
    public void EqualsFormReadsValues()
    {
        var resumed = Parse("--epochs=2", "--resume=r.icr", "--batch-size=16");
        var fresh = Parse("--lr=1e-4", "--data=d=1");

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Epochs, Is.EqualTo(2));
            Assert.That(resumed.ResumePath, Is.EqualTo("r.icr"));
            Assert.That(resumed.BatchSize, Is.EqualTo(16));
            Assert.That(fresh.LearningRate, Is.EqualTo(1e-4));
            Assert.That(fresh.DataDirectory, Is.EqualTo("d=1"), "only the first '=' separates name and value");
        });
    }

    [TestCase("--help")]
    [TestCase("-h")]
    public void HelpIsRecognised(string flag)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse(flag).ShowHelp, Is.True);
            Assert.That(Parse("--epochs", "2", flag).ShowHelp, Is.True);
            Assert.That(Parse(flag, "--epochs", "0").ShowHelp, Is.True, "options after --help are not parsed");
        });
    }

    [TestCase("cpu")]
    [TestCase("host-simd")]
    [TestCase("ILGPU-CPU")]
    public void EveryDeviceChoiceIsAccepted(string device)
    {
        var options = Parse("--device", device);

        Assert.That(options.Device, Is.EqualTo(device.ToLowerInvariant()));
    }

    [TestCase(new[] { "--bogus", "1" }, "--bogus")]
    [TestCase(new[] { "data" }, "data")]
    [TestCase(new[] { "--epochs" }, "--epochs")]
    [TestCase(new[] { "--epochs", "--seed", "1" }, "--epochs")]
    [TestCase(new[] { "--epochs", "0" }, "--epochs")]
    [TestCase(new[] { "--epochs", "two" }, "--epochs")]
    [TestCase(new[] { "--train-events", "-5" }, "--train-events")]
    [TestCase(new[] { "--batch-size", "1.5" }, "--batch-size")]
    [TestCase(new[] { "--lr", "0" }, "--lr")]
    [TestCase(new[] { "--lr", "NaN" }, "--lr")]
    [TestCase(new[] { "--loss", "hinge" }, "--loss")]
    [TestCase(new[] { "--preset", "huge" }, "--preset")]
    [TestCase(new[] { "--device", "gpu" }, "--device")]
    [TestCase(new[] { "--device", "cuda:x" }, "--device")]
    [TestCase(new[] { "--seed", "-1" }, "--seed")]
    [TestCase(new[] { "--seed", "1", "--seed", "2" }, "--seed")]
    public void BadCommandLinesNameTheOption(string[] args, string named)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [TestCase("--preset", "default")]
    [TestCase("--max-pulses", "64")]
    [TestCase("--epochs", "2")]
    [TestCase("--resume", "r.icr")]
    [TestCase("--lr", "0.01")]
    [TestCase("--loss", "mse")]
    public void ModelConflictsWithTrainingOptions(string option, string value)
    {
        var error = Assert.Throws<UsageException>(() => Parse("--model", "m.icr", option, value));

        Assert.That(error!.Message, Does.Contain("--model").And.Contain(option));
    }

    [TestCase("--preset", "default")]
    [TestCase("--max-pulses", "64")]
    [TestCase("--lr", "0.01")]
    [TestCase("--loss", "angular")]
    public void ResumeConflictsWithArchitectureOptions(string option, string value)
    {
        var error = Assert.Throws<UsageException>(() => Parse("--resume", "r.icr", option, value));

        Assert.That(error!.Message, Does.Contain("--resume").And.Contain(option));
    }

    [Test]
    public void ModelAllowsPredictionOptions()
    {
        var options = Parse("--model", "m.icr", "--test-events", "10", "--batch-size", "32", "--device", "cpu");

        Assert.Multiple(() =>
        {
            Assert.That(options.ModelPath, Is.EqualTo("m.icr"));
            Assert.That(options.TestEvents, Is.EqualTo(10));
            Assert.That(options.BatchSize, Is.EqualTo(32));
        });
    }

    [Test]
    public void UsageListsEveryPreset()
    {
        var usage = OptionParser.UsageFor(Presets);

        Assert.That(usage, Does.Contain("notebook | default | compact").And.Not.Contain("{presets}"));
    }
}
