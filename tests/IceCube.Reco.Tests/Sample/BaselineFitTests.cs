using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Simulation;
using TrainPredictSubmit;

namespace IceCube.Reco.Tests.Sample;

/// <summary>
/// The sample's LineFit baseline and event display, read through the library's raw-event API, checked against the
/// simulator's in-memory copy of the same events: two independent paths to the same numbers.
/// </summary>
public sealed class BaselineFitTests
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
    public void SimulatedFolderIsCompleteWithTruthInMetaOrder()
    {
        var report = DataFolder.Inspect(_root);
        var data = KaggleDataset.Open(_root);
        var ids = data.TestEvents().SelectMany(batch => batch.EventIds.ToArray()).ToArray();
        var truth = data.ReadTestTruth();

        Assert.Multiple(() =>
        {
            Assert.That(report.State, Is.EqualTo(DataFolderState.Complete));
            Assert.That(report.HasTruth, Is.True);
            Assert.That(ids, Is.EqualTo(_tests.EventId.ToArray()));
            Assert.That(ids.Select(id => truth.TryGetAngles(id, out var az, out _) ? az : double.NaN), Is.EqualTo(_tests.Azimuth.ToArray()));
            Assert.That(ids.Select(id => truth.TryGetAngles(id, out _, out var zen) ? zen : double.NaN), Is.EqualTo(_tests.Zenith.ToArray()));
        });
    }

    [Test]
    public void BaselineMatchesLineFitOnTheInMemoryEvents()
    {
        var data = KaggleDataset.Open(_root);
        var geometry = data.Geometry;

        var baseline = BaselineFit.Run(data, _tests.EventId.ToArray(), new PhaseProgress((_, _) => { }), CancellationToken.None);

        Assert.Multiple(() =>
        {
            for (var e = 0; e < _tests.EventCount; e++)
            {
                var first = (int)_tests.FirstPulseIndex[e];
                var length = (int)(_tests.LastPulseIndex[e] - _tests.FirstPulseIndex[e] + 1);
                var (azimuth, zenith) = LineFitBaseline.Fit(
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
            for (var e = 0; e < _tests.EventCount; e++)
            {
                var hit = _tests.SensorId.Slice((int)_tests.FirstPulseIndex[e], (int)(_tests.LastPulseIndex[e] - _tests.FirstPulseIndex[e] + 1))
                    .ToArray().Distinct().Count();
                Assert.That(hit, Is.LessThanOrEqualTo(sensors), $"event {e} hit more sensors than the one shown");
            }
        });
    }

    [Test]
    public void FewerEventsFitsTheFirstOfTheMeta()
    {
        var data = KaggleDataset.Open(_root);
        var all = BaselineFit.Run(data, _tests.EventId.ToArray(), new PhaseProgress((_, _) => { }), CancellationToken.None);

        var first = BaselineFit.Run(data, _tests.EventId[..7].ToArray(), new PhaseProgress((_, _) => { }), CancellationToken.None);

        Assert.That(first.Azimuth, Is.EqualTo(all.Azimuth[..7]));
        Assert.That(first.Zenith, Is.EqualTo(all.Zenith[..7]));
    }

    [Test]
    public void OtherEventIdsThanTheMetaAreBadData()
    {
        var data = KaggleDataset.Open(_root);
        var ids = _tests.EventId.ToArray();
        ids[3] += 1_000_000;

        var error = Assert.Throws<BadDataException>(() =>
            BaselineFit.Run(data, ids, new PhaseProgress((_, _) => { }), CancellationToken.None));
        Assert.That(error!.Message, Does.Contain(ids[3].ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void MissingBatchFileNamesIt()
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

            var error = Assert.Throws<FileNotFoundException>(() =>
                BaselineFit.Run(data, _tests.EventId.ToArray(), new PhaseProgress((_, _) => { }), CancellationToken.None));
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
