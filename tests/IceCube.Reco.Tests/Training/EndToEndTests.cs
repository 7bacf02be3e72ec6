using System.Globalization;
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Simulation;
using IceCube.Reco.Tests.Data;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

[TestFixture]
internal sealed class EndToEndTests
{
    [Test]
    public void SimulateFitPredictSubmit_WritesOneFiniteRowPerTestEvent()
    {
        using var folder = new TempFolder();
        string root = Path.Combine(folder.Path, "data");
        EventSimulator.WriteDataset(root, new SimulationOptions { TrainEvents = 160, TestEvents = 37, EventsPerBatch = 100, Seed = 5, Threads = 1 });
        var data = KaggleDataset.Open(root);

        // The notebook preset on shorter sequences keeps the CPU accelerator fast.
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var model = Model.FromPreset(device, ModelPreset.Notebook, FeaturizationOptions.Notebook with { MaxPulses = 16 });
        var history = model.Fit(data, new FitOptions { Epochs = 2, BatchSize = 32 });
        Assert.That(history.Epochs, Has.Count.EqualTo(2));
        Assert.That(history.Epochs.All(e => double.IsFinite(e.TrainLoss)), Is.True);

        string submission = Path.Combine(folder.Path, "submission.csv");
        Submission.Write(submission, model.Predict(data, batchSize: 16));
        var rows = File.ReadAllLines(submission).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.That(rows, Has.Count.EqualTo(37));
        Assert.That(rows.Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).Distinct().Count(), Is.EqualTo(37));
        foreach (var row in rows)
        {
            double azimuth = double.Parse(row[1], CultureInfo.InvariantCulture);
            double zenith = double.Parse(row[2], CultureInfo.InvariantCulture);
            Assert.That(azimuth, Is.GreaterThanOrEqualTo(0).And.LessThan(2 * Math.PI));
            Assert.That(zenith, Is.InRange(0, Math.PI));
        }
    }
}
