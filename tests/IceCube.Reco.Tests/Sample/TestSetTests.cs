using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Simulation;
using TrainPredictSubmit;

namespace IceCube.Reco.Tests.Sample;

/// <summary>
/// The sample's own parquet reading (test meta, truth, batch files) checked against the simulator's in-memory copy
/// of the same events: two independent paths to the same numbers.
/// </summary>
public sealed class TestSetTests
{
    private static readonly SimulationOptions Options = new() { Seed = 11, TrainEvents = 30, TestEvents = 40, Threads = 1 };
    private string _root = "";
    private SimulatedBatch _tests = null!;

    [OneTimeSetUp]
    public void Simulate()
    {
        _root = Path.Combine(Path.GetTempPath(), "icr-sample-" + Guid.NewGuid().ToString("N"));
        EventSimulator.WriteDataset(_root, Options);
        _tests = EventSimulator.Simulate(Options, Options.TrainEvents, Options.TestEvents);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    [Test]
    public void SimulatedFolderIsCompleteWithTruth()
    {
        var report = DataFolder.Inspect(_root);

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DataFolderState.Complete));
            Assert.That(report.HasTruth, Is.True);
        });
    }

    [Test]
    public void TestSetHoldsTheSimulatedEventsAndTruthInOrder()
    {
        var tests = TestSet.Read(_root, maxEvents: null, withTruth: true);

        Assert.Multiple(() =>
        {
            Assert.That(tests.EventIds, Is.EqualTo(_tests.EventId.ToArray()));
            Assert.That(tests.TrueAzimuth, Is.EqualTo(_tests.Azimuth.ToArray()));
            Assert.That(tests.TrueZenith, Is.EqualTo(_tests.Zenith.ToArray()));
        });
    }

    [Test]
    public void CapKeepsTheFirstEventsOfTheMeta()
    {
        var tests = TestSet.Read(_root, maxEvents: 7, withTruth: false);

        Assert.Multiple(() =>
        {
            Assert.That(tests.Count, Is.EqualTo(7));
            Assert.That(tests.EventIds, Is.EqualTo(_tests.EventId[..7].ToArray()));
            Assert.That(tests.HasTruth, Is.False);
        });
    }

    [Test]
    public void BaselineMatchesLineFitOnTheInMemoryEvents()
    {
        var tests = TestSet.Read(_root, maxEvents: null, withTruth: true);
        var geometry = SensorGeometry.Load(Path.Combine(_root, DataFolder.GeometryFile));

        var baseline = BaselineFit.Run(tests, geometry, _root, new PhaseProgress((_, _) => { }), CancellationToken.None);

        Assert.Multiple(() =>
        {
            for (var e = 0; e < _tests.EventCount; e++)
            {
                var first = (int)_tests.FirstPulseIndex[e];
                var length = (int)(_tests.LastPulseIndex[e] - _tests.FirstPulseIndex[e] + 1);
                var (azimuth, zenith) = LineFit.Fit(
                    geometry,
                    _tests.SensorId.Slice(first, length),
                    _tests.Time.Slice(first, length),
                    _tests.Charge.Slice(first, length),
                    _tests.Auxiliary.Slice(first, length));
                Assert.That(baseline.Azimuth[e], Is.EqualTo(azimuth).Within(1e-9), $"event {e}");
                Assert.That(baseline.Zenith[e], Is.EqualTo(zenith).Within(1e-9), $"event {e}");
            }

            var shown = baseline.Display.TestIndex;
            Assert.That(baseline.Display.EventId, Is.EqualTo(_tests.EventId[shown]));
            var pulses = (int)(_tests.LastPulseIndex[shown] - _tests.FirstPulseIndex[shown] + 1);
            var sensors = _tests.SensorId.Slice((int)_tests.FirstPulseIndex[shown], pulses).ToArray().Distinct().Count();
            Assert.That(baseline.Display.X, Has.Length.EqualTo(sensors), "one display point per hit sensor");
            Assert.That(baseline.Display.Charge.Sum(), Is.EqualTo(_tests.Charge.Slice((int)_tests.FirstPulseIndex[shown], pulses).ToArray().Sum()).Within(1e-9));
        });
    }

    [Test]
    public void MissingBatchFileIsBadData()
    {
        var copy = _root + "-copy";
        CopyFolder(_root, copy);
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(copy, "test")))
            {
                File.Delete(file);
            }

            var tests = TestSet.Read(copy, maxEvents: null, withTruth: false);
            var geometry = SensorGeometry.Load(Path.Combine(copy, DataFolder.GeometryFile));

            var error = Assert.Throws<BadDataException>(() =>
                BaselineFit.Run(tests, geometry, copy, new PhaseProgress((_, _) => { }), CancellationToken.None));
            Assert.That(error!.Message, Does.Contain("batch_"));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
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
