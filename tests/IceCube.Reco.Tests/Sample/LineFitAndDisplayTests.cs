using IceCube.Reco.Data;
using IceCube.Reco.Simulation;
using TrainPredictSubmit;

namespace IceCube.Reco.Tests.Sample;

/// <summary>
/// The sample's LineFit phase (the library's baseline, checked against the events the model predicted) and its
/// choice of the event to display, checked against the simulator's in-memory copy of the same events.
/// </summary>
public sealed class LineFitAndDisplayTests
{
    private static readonly SimulationOptions Options = new() { Seed = 11, TrainEvents = 30, TestEvents = 40, Threads = 1 };
    private static readonly PhaseProgress Quiet = new((_, _) => { });
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
    public void LineFitPhaseGivesTheLibraryBaselineInPredictionOrder()
    {
        var data = KaggleDataset.Open(_root);
        var expected = LineFitBaseline.Predict(data).ToArray();

        var (azimuth, zenith) = SampleRun.LineFitOf(data, _tests.EventId.ToArray(), Quiet, CancellationToken.None);
        var (firstAzimuth, _) = SampleRun.LineFitOf(data, _tests.EventId[..7].ToArray(), Quiet, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(azimuth, Is.EqualTo(expected.Select(p => p.Azimuth)));
            Assert.That(zenith, Is.EqualTo(expected.Select(p => p.Zenith)));
            Assert.That(firstAzimuth, Is.EqualTo(azimuth[..7]));
        });
    }

    [Test]
    public void OtherEventIdsThanTheMetaAreBadData()
    {
        var data = KaggleDataset.Open(_root);
        var ids = _tests.EventId.ToArray();
        ids[3] += 1_000_000;

        var error = Assert.Throws<InvalidDataException>(() => SampleRun.LineFitOf(data, ids, Quiet, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain(ids[3].ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void TheDisplayShowsTheEventThatHitTheMostSensors()
    {
        var data = KaggleDataset.Open(_root);

        var display = EventDisplayData.Choose(data, _tests.EventCount);

        var shown = display.TestIndex;
        var pulses = (int)(_tests.LastPulseIndex[shown] - _tests.FirstPulseIndex[shown] + 1);
        var sensors = _tests.SensorId.Slice((int)_tests.FirstPulseIndex[shown], pulses).ToArray().Distinct().Count();
        Assert.Multiple(() =>
        {
            Assert.That(display.EventId, Is.EqualTo(_tests.EventId[shown]));
            Assert.That(display.X, Has.Length.EqualTo(sensors), "one display point per hit sensor");
            Assert.That(display.Charge.Sum(), Is.EqualTo(_tests.Charge.Slice((int)_tests.FirstPulseIndex[shown], pulses).ToArray().Sum()).Within(1e-9));
            for (var e = 0; e < _tests.EventCount; e++)
            {
                var hit = _tests.SensorId.Slice((int)_tests.FirstPulseIndex[e], (int)(_tests.LastPulseIndex[e] - _tests.FirstPulseIndex[e] + 1))
                    .ToArray().Distinct().Count();
                Assert.That(hit, e < shown ? Is.LessThan(sensors) : Is.LessThanOrEqualTo(sensors), $"event {e} against the one shown");
            }
        });
    }

    [Test]
    public void TheDisplayIsChosenAmongThePredictedEventsOnly()
    {
        var data = KaggleDataset.Open(_root);

        var display = EventDisplayData.Choose(data, 3);

        Assert.That(display.TestIndex, Is.LessThan(3));
    }
}
