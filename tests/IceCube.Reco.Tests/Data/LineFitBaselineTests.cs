using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Data;

/// <summary>
/// LineFit on pulses given by sensor id, on columnar batches and over a dataset's test events: the geometry must
/// only place the pulses, and the dataset path must agree with the simulator's in-memory copy of the same events.
/// </summary>
public sealed class LineFitBaselineTests
{
    private static readonly SimulationOptions Options = new() { Seed = 11, TrainEvents = 30, TestEvents = 40, Threads = 1 };
    private string _root = "";
    private SimulatedBatch _tests = null!;

    [OneTimeSetUp]
    public void Simulate()
    {
        _root = Path.Combine(Path.GetTempPath(), "icr-linefit-" + Guid.NewGuid().ToString("N"));
        EventSimulator.WriteDataset(_root, Options);
        _tests = EventSimulator.Simulate(Options, Options.TrainEvents, Options.TestEvents);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    private static SensorGeometry RandomGeometry(Random random, int sensors) => new(
        Enumerable.Range(0, sensors).Select(_ => (float)(random.NextDouble() * 800 - 400)).ToArray(),
        Enumerable.Range(0, sensors).Select(_ => (float)(random.NextDouble() * 800 - 400)).ToArray(),
        Enumerable.Range(0, sensors).Select(_ => (float)(random.NextDouble() * 800 - 400)).ToArray());

    [Test]
    public void SensorIdsGiveTheSameBitsAsThePulsePositions()
    {
        var random = new Random(5);
        var geometry = RandomGeometry(random, 50);
        foreach (var options in new[] { LineFitOptions.Default, new LineFitOptions { Improved = true } })
        {
            for (var trial = 0; trial < 10; trial++)
            {
                var n = random.Next(0, 300);
                var sensors = Enumerable.Range(0, n).Select(_ => (short)random.Next(50)).ToArray();
                var times = Enumerable.Range(0, n).Select(_ => (long)random.Next(6000, 9000)).ToArray();
                var charges = Enumerable.Range(0, n).Select(_ => 0.025 * random.Next(1, 100)).ToArray();
                var aux = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.5).ToArray();

                var bySensor = LineFitBaseline.Fit(geometry, sensors, times, charges, aux, options);
                var byPosition = LineFit.Fit(
                    sensors.Select(s => (double)geometry.X[s]).ToArray(),
                    sensors.Select(s => (double)geometry.Y[s]).ToArray(),
                    sensors.Select(s => (double)geometry.Z[s]).ToArray(),
                    times,
                    charges,
                    aux,
                    options);

                Assert.That(bySensor, Is.EqualTo(byPosition), $"trial {trial}, {n} pulses, improved {options.Improved}");
            }
        }
    }

    [Test]
    public void TheBatchOverloadFitsEachEventOfAColumnarBatch()
    {
        var random = new Random(3);
        var geometry = RandomGeometry(random, 100);
        int[] sizes = [12, 0, 1, 30, 7];
        var total = sizes.Sum();
        var sensors = Enumerable.Range(0, total).Select(_ => (short)random.Next(100)).ToArray();
        var times = Enumerable.Range(0, total).Select(_ => (long)random.Next(6000, 9000)).ToArray();
        var charges = Enumerable.Range(0, total).Select(_ => 0.025 * random.Next(1, 100)).ToArray();
        var aux = Enumerable.Range(0, total).Select(_ => random.NextDouble() < 0.5).ToArray();
        var first = new long[sizes.Length];
        var last = new long[sizes.Length];
        long offset = 0;
        for (var e = 0; e < sizes.Length; e++)
        {
            first[e] = offset;
            last[e] = offset + sizes[e] - 1;
            offset += sizes[e];
        }

        var azimuth = new double[sizes.Length];
        var zenith = new double[sizes.Length];
        var options = new LineFitOptions { Improved = true };
        LineFitBaseline.FitBatch(geometry, sensors, times, charges, aux, first, last, azimuth, zenith, options);
        for (var e = 0; e < sizes.Length; e++)
        {
            var range = new Range((int)first[e], (int)(last[e] + 1));
            var single = LineFitBaseline.Fit(geometry, sensors.AsSpan(range), times.AsSpan(range), charges.AsSpan(range), aux.AsSpan(range), options);
            Assert.That((azimuth[e], zenith[e]), Is.EqualTo(single), $"event {e}");
            Assert.That(double.IsFinite(azimuth[e]) && double.IsFinite(zenith[e]), Is.True);
        }
    }

    [Test]
    public void BadInputIsRefusedByName()
    {
        var geometry = new SensorGeometry([0, 1], [0, 1], [0, 1]);
        var outside = Assert.Throws<ArgumentException>(() => LineFitBaseline.Fit(geometry, [0, 2], [1, 2], [1, 1], [false, false]));
        Assert.That(outside!.ParamName, Is.EqualTo("sensorId"));
        Assert.That(outside.Message, Does.Contain("row 1"));
        Assert.Throws<ArgumentException>(() => LineFitBaseline.Fit(geometry, [0, 1], [1], [1, 1], [false, false]));
        var range = Assert.Throws<ArgumentException>(() => LineFitBaseline.FitBatch(geometry, [0, 1], [1, 2], [1, 1], [false, false],
            [0], [2], new double[1], new double[1]));
        Assert.That(range!.ParamName, Is.EqualTo("firstPulseIndex"));
        var row = Assert.Throws<ArgumentException>(() => LineFitBaseline.FitBatch(geometry, [0, 1, 1, 5], [1, 2, 3, 4], [1, 1, 1, 1],
            [false, false, false, false], [0, 2], [1, 3], new double[2], new double[2]));
        Assert.That(row!.Message, Does.Contain("row 3"), "the row in the caller's columns, not in the event");
        var option = Assert.Throws<ArgumentException>(() => LineFitBaseline.Fit(geometry, [], [], [], [], new LineFitOptions { MinimumPulses = 1 }));
        Assert.That(option!.ParamName, Is.EqualTo(nameof(LineFitOptions.MinimumPulses)));
    }

    [Test]
    public void PredictMatchesLineFitOnTheInMemoryEvents()
    {
        var data = KaggleDataset.Open(_root);

        var predictions = LineFitBaseline.Predict(data).ToArray();

        Assert.That(predictions.Select(p => p.EventId), Is.EqualTo(_tests.EventId.ToArray()), "test meta order");
        Assert.Multiple(() =>
        {
            for (var e = 0; e < _tests.EventCount; e++)
            {
                var first = (int)_tests.FirstPulseIndex[e];
                var length = (int)(_tests.LastPulseIndex[e] - _tests.FirstPulseIndex[e] + 1);
                var (azimuth, zenith) = LineFitBaseline.Fit(
                    data.Geometry,
                    _tests.SensorId.Slice(first, length),
                    _tests.Time.Slice(first, length),
                    _tests.Charge.Slice(first, length),
                    _tests.Auxiliary.Slice(first, length));
                Assert.That(predictions[e].Azimuth, Is.EqualTo(azimuth).Within(1e-9), $"event {e}");
                Assert.That(predictions[e].Zenith, Is.EqualTo(zenith).Within(1e-9), $"event {e}");
                Assert.That(predictions[e].Kappa, Is.Null);
            }
        });
    }

    [Test]
    public void PredictWithFewerEventsFitsTheFirstOfTheMeta()
    {
        var data = KaggleDataset.Open(_root);
        var all = LineFitBaseline.Predict(data).ToArray();

        var first = LineFitBaseline.Predict(data, maxEvents: 7).ToArray();

        Assert.That(first, Is.EqualTo(all[..7]));
    }

    [Test]
    public void PredictNamesAMissingBatchFile()
    {
        var copy = _root + "-copy";
        CopyFolder(_root, copy);
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(copy, "test")))
            {
                File.Delete(file);
            }

            var data = KaggleDataset.Open(copy);
            var predictions = LineFitBaseline.Predict(data);

            var error = Assert.Throws<FileNotFoundException>(() => predictions.ToList());
            Assert.That(error!.Message, Does.Contain("batch_"));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Test]
    public void PredictRefusesBadArgumentsAtOnce()
    {
        var data = KaggleDataset.Open(_root);

        Assert.Throws<ArgumentOutOfRangeException>(() => LineFitBaseline.Predict(data, maxEvents: 0));
        Assert.Throws<ArgumentException>(() => LineFitBaseline.Predict(data, options: new LineFitOptions { Iterations = 0 }));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
