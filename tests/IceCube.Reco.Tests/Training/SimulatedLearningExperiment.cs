using System.Globalization;
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Simulation;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

/// <summary>
/// The measurement behind docs/lab-log.md ("Learning on simulated data"), run by hand only: simulates a dataset
/// once (cached under the temp folder by seed and size), trains the Compact preset for a fixed number of events, and
/// prints the validation error of each epoch and the mean angular error of the model and of LineFit on the
/// simulated test events. Settings come
/// from environment variables (LEARN_FEATURES = Default or Centred, LEARN_EVENTS, LEARN_EPOCHS, LEARN_BATCH,
/// LEARN_LR, LEARN_TEST) so one build serves every run of the table.
/// </summary>
[TestFixture]
[Explicit("a measurement of several minutes, not a check")]
internal sealed class SimulatedLearningExperiment
{
    private const int SimulatedTrain = 20_000;
    private const int SimulatedTest = 2_000;
    private const ulong SimulationSeed = 11;

    [Test]
    public void TrainCompactOnSimulatedEvents()
    {
        var featurization = Setting("LEARN_FEATURES", "Default") == "Centred" ? FeaturizationOptions.Centred : FeaturizationOptions.Default;
        var events = long.Parse(Setting("LEARN_EVENTS", "8000"), CultureInfo.InvariantCulture);
        var epochs = int.Parse(Setting("LEARN_EPOCHS", "1"), CultureInfo.InvariantCulture);
        var batch = int.Parse(Setting("LEARN_BATCH", "32"), CultureInfo.InvariantCulture);
        var rate = double.Parse(Setting("LEARN_LR", "0.003"), CultureInfo.InvariantCulture);
        var testEvents = int.Parse(Setting("LEARN_TEST", "1000"), CultureInfo.InvariantCulture);

        var root = Path.Combine(Path.GetTempPath(), $"icecube-learn-sim-{SimulationSeed}-{SimulatedTrain}-{SimulatedTest}");
        if (!Directory.Exists(root))
        {
            EventSimulator.WriteDataset(root, new SimulationOptions { TrainEvents = SimulatedTrain, TestEvents = SimulatedTest, Seed = SimulationSeed });
        }

        var data = KaggleDataset.Open(root);
        using var device = Device.Cpu();
        using var model = Model.FromPreset(device, ModelPreset.Compact, featurization, optimizer: new Adam(rate), seed: 1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var history = model.Fit(data, new FitOptions
        {
            Epochs = epochs,
            BatchSize = batch,
            Data = new DatasetOptions { ValidationFraction = 0.05, Seed = 1, MaxEvents = events },
            Schedule = LearningRateSchedule.Cosine(finalFraction: 0.1),
            ClipGradientNorm = 1.0,
        });
        var trainSeconds = clock.Elapsed.TotalSeconds;

        var truth = data.ReadTestTruth();
        double modelSum = 0;
        var scored = 0;
        foreach (var prediction in model.Predict(data, 256, new DatasetOptions { MaxEvents = testEvents }))
        {
            Assert.That(truth.TryGetAngles(prediction.EventId, out var azimuth, out var zenith), Is.True);
            modelSum += AngularError.Angle(azimuth, zenith, prediction.Azimuth, prediction.Zenith);
            scored++;
        }

        // LineFit on the same test events: Simulate with the dataset's options returns exactly the written test set.
        var simulation = new SimulationOptions { TrainEvents = SimulatedTrain, TestEvents = SimulatedTest, Seed = SimulationSeed };
        var tests = EventSimulator.Simulate(simulation, SimulatedTrain, scored);
        double lineFitSum = 0;
        for (var e = 0; e < tests.EventCount; e++)
        {
            var first = (int)tests.FirstPulseIndex[e];
            var length = (int)(tests.LastPulseIndex[e] - first + 1);
            var (azimuth, zenith) = LineFitBaseline.Fit(
                data.Geometry, tests.SensorId.Slice(first, length), tests.Time.Slice(first, length),
                tests.Charge.Slice(first, length), tests.Auxiliary.Slice(first, length));
            lineFitSum += AngularError.Angle(tests.Azimuth[e], tests.Zenith[e], azimuth, zenith);
        }

        var validation = string.Join(", ", history.Epochs.Select(e => e.ValidationAngularError?.ToString("F3", CultureInfo.InvariantCulture)));
        TestContext.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT features={featurization.Features} events={events} epochs={epochs} batch={batch} lr={rate} " +
            $"validation=[{validation}] test_mean={modelSum / scored:F3} linefit_mean={lineFitSum / tests.EventCount:F3} on {scored} train_s={trainSeconds:F0} " +
            $"events_per_s={history.TrainEventsPerSecond:F0}"));
    }

    private static string Setting(string name, string fallback) => Environment.GetEnvironmentVariable(name) ?? fallback;
}
