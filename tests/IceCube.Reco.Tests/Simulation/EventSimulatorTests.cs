using IceCube.Reco.Data;
using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

public class EventSimulatorTests
{
    private static readonly SimulationOptions Options = new() { Seed = 11, Threads = 2 };

    [Test]
    public void OutputDoesNotDependOnTheThreadCount()
    {
        var one = EventSimulator.Simulate(Options with { Threads = 1 }, 500, 300);
        var two = EventSimulator.Simulate(Options with { Threads = 2 }, 500, 300);
        AssertIdentical(one, two);
    }

    [Test]
    public void AnEventDependsOnlyOnTheSeedAndItsIndex()
    {
        var whole = EventSimulator.Simulate(Options, 0, 60);
        var tail = EventSimulator.Simulate(Options, 40, 20);
        for (var e = 0; e < 20; e++)
        {
            var first = (int)whole.FirstPulseIndex[40 + e];
            var count = (int)(whole.LastPulseIndex[40 + e] - first + 1);
            var tailFirst = (int)tail.FirstPulseIndex[e];
            Assert.That(tail.LastPulseIndex[e] - tailFirst + 1, Is.EqualTo(count));
            Assert.That(tail.Time.Slice(tailFirst, count).ToArray(), Is.EqualTo(whole.Time.Slice(first, count).ToArray()));
            Assert.That(tail.SensorId.Slice(tailFirst, count).ToArray(), Is.EqualTo(whole.SensorId.Slice(first, count).ToArray()));
            Assert.That(tail.EventId[e], Is.EqualTo(whole.EventId[40 + e]));
            Assert.That(tail.Zenith[e], Is.EqualTo(whole.Zenith[40 + e]));
        }

        var otherSeed = EventSimulator.Simulate(Options with { Seed = 12 }, 0, 60);
        Assert.That(otherSeed.Time.ToArray(), Is.Not.EqualTo(whole.Time.ToArray()));
    }

    [Test]
    public void EventsAreWellFormed()
    {
        var batch = EventSimulator.Simulate(Options, 0, 400);
        Assert.That(batch.EventCount, Is.EqualTo(400));
        long expectedFirst = 0;
        for (var e = 0; e < batch.EventCount; e++)
        {
            Assert.That(batch.FirstPulseIndex[e], Is.EqualTo(expectedFirst), "events are contiguous");
            Assert.That(batch.LastPulseIndex[e], Is.GreaterThanOrEqualTo(batch.FirstPulseIndex[e]), "no empty event");
            expectedFirst = batch.LastPulseIndex[e] + 1;
            if (e > 0)
            {
                Assert.That(batch.EventId[e], Is.GreaterThan(batch.EventId[e - 1]));
            }

            Assert.That(batch.Azimuth[e], Is.GreaterThanOrEqualTo(0.0).And.LessThan(2 * Math.PI));
            Assert.That(batch.Zenith[e], Is.InRange(0.0, Math.PI));
            Assert.That(batch.Energy[e], Is.InRange(Options.MinEnergy, Options.MaxEnergy));
            for (var p = batch.FirstPulseIndex[e] + 1; p <= batch.LastPulseIndex[e]; p++)
            {
                Assert.That(batch.Time[(int)p], Is.GreaterThanOrEqualTo(batch.Time[(int)p - 1]), "sorted by time");
            }
        }

        Assert.That(expectedFirst, Is.EqualTo(batch.PulseCount));
        for (var p = 0; p < batch.PulseCount; p++)
        {
            Assert.That(batch.SensorId[p], Is.InRange(0, 5159));
            Assert.That(batch.Time[p], Is.GreaterThanOrEqualTo(5700));
            var charge = batch.Charge[p];
            Assert.That(charge, Is.GreaterThanOrEqualTo(0.025));
            // Multiples of 0.025 p.e. stored as float32 values widened to double.
            Assert.That(charge, Is.EqualTo((double)(float)(Math.Round(charge / 0.025) * 0.025)));
        }
    }

    [Test]
    public void AuxiliaryMeansNoNeighbourOnTheStringWithinOneMicrosecond()
    {
        var geometry = DetectorGeometry.IceCube86();
        var batch = EventSimulator.Simulate(Options, 1000, 200);

        // Independent rule: same x and y, at most two positions apart in z order, |dt| <= 1000 ns.
        var position = new int[geometry.Count];
        var stringOf = new int[geometry.Count];
        var strings = Enumerable.Range(0, geometry.Count).GroupBy(i => (geometry.X[i], geometry.Y[i])).ToArray();
        for (var s = 0; s < strings.Length; s++)
        {
            var ordered = strings[s].OrderByDescending(i => geometry.Z[i]).ToArray();
            for (var k = 0; k < ordered.Length; k++)
            {
                position[ordered[k]] = k;
                stringOf[ordered[k]] = s;
            }
        }

        var mismatches = 0;
        var auxiliary = 0;
        for (var e = 0; e < batch.EventCount; e++)
        {
            var first = (int)batch.FirstPulseIndex[e];
            var last = (int)batch.LastPulseIndex[e];
            for (var i = first; i <= last; i++)
            {
                var a = batch.SensorId[i];
                var partner = false;
                for (var j = first; j <= last && !partner; j++)
                {
                    var b = batch.SensorId[j];
                    var gap = Math.Abs(position[a] - position[b]);
                    partner = stringOf[a] == stringOf[b] && gap is >= 1 and <= 2 && Math.Abs(batch.Time[i] - batch.Time[j]) <= 1000;
                }

                if (partner == batch.Auxiliary[i])
                {
                    mismatches++;
                }

                if (batch.Auxiliary[i])
                {
                    auxiliary++;
                }
            }
        }

        Assert.That(mismatches, Is.Zero);
        Assert.That(auxiliary, Is.GreaterThan(0).And.LessThan(batch.PulseCount));
    }

    [Test]
    public void ARealGeometryFileCanBeUsed()
    {
        // A tiny detector of three strings of ten sensors: events are drawn around it and still triggered.
        var x = new float[30];
        var y = new float[30];
        var z = new float[30];
        for (var i = 0; i < 30; i++)
        {
            x[i] = (i / 10) * 60f;
            y[i] = (i / 10) == 2 ? 50f : 0f;
            z[i] = 100f - 15f * (i % 10);
        }

        var batch = EventSimulator.Simulate(Options with { Geometry = new SensorGeometry(x, y, z) }, 0, 50);
        Assert.That(batch.EventCount, Is.EqualTo(50));
        for (var p = 0; p < batch.PulseCount; p++)
        {
            Assert.That(batch.SensorId[p], Is.InRange(0, 29));
        }
    }

    [Test]
    public void SlightlyTiltedStringsStayWhole()
    {
        // Real strings are not perfectly vertical: shift every sensor by up to 0.5 m; neighbours must still count as
        // neighbours, so coincident (non-auxiliary) pulses keep appearing.
        var ideal = DetectorGeometry.IceCube86();
        var random = new Random(9);
        var x = ideal.X.ToArray().Select(v => v + (float)(random.NextDouble() - 0.5)).ToArray();
        var y = ideal.Y.ToArray().Select(v => v + (float)(random.NextDouble() - 0.5)).ToArray();
        var batch = EventSimulator.Simulate(Options with { Geometry = new SensorGeometry(x, y, ideal.Z.ToArray()) }, 0, 100);
        var coincident = batch.Auxiliary.ToArray().Count(a => !a);
        Assert.That(coincident, Is.GreaterThan(8 * 100 / 2), "most events carry their trigger's coincident pulses");
    }

    [Test]
    public void TheTopologyMixFollowsTheOption()
    {
        var batch = EventSimulator.Simulate(Options with { TrackFraction = 0.0 }, 0, 100);
        Assert.That(batch.Topology.ToArray(), Has.All.EqualTo(EventTopology.Cascade));
        batch = EventSimulator.Simulate(Options with { TrackFraction = 1.0 }, 0, 100);
        Assert.That(batch.Topology.ToArray(), Has.None.EqualTo(EventTopology.Cascade));
    }

    [TestCase(nameof(SimulationOptions.TrainEvents))]
    [TestCase(nameof(SimulationOptions.TestEvents))]
    [TestCase(nameof(SimulationOptions.EventsPerBatch))]
    [TestCase(nameof(SimulationOptions.Threads))]
    [TestCase(nameof(SimulationOptions.TrackFraction))]
    [TestCase(nameof(SimulationOptions.MinEnergy))]
    [TestCase(nameof(SimulationOptions.MaxEnergy))]
    [TestCase(nameof(SimulationOptions.SpectralIndex))]
    [TestCase(nameof(SimulationOptions.NoiseRate))]
    [TestCase(nameof(SimulationOptions.EventWindow))]
    public void NonsenseOptionsAreRefusedByName(string name)
    {
        var bad = name switch
        {
            nameof(SimulationOptions.TrainEvents) => Options with { TrainEvents = 0 },
            nameof(SimulationOptions.TestEvents) => Options with { TestEvents = -5 },
            nameof(SimulationOptions.EventsPerBatch) => Options with { EventsPerBatch = 0 },
            nameof(SimulationOptions.Threads) => Options with { Threads = 0 },
            nameof(SimulationOptions.TrackFraction) => Options with { TrackFraction = 1.5 },
            nameof(SimulationOptions.MinEnergy) => Options with { MinEnergy = -1.0 },
            nameof(SimulationOptions.MaxEnergy) => Options with { MaxEnergy = 50.0 },
            nameof(SimulationOptions.SpectralIndex) => Options with { SpectralIndex = double.NaN },
            nameof(SimulationOptions.NoiseRate) => Options with { NoiseRate = -1.0 },
            _ => Options with { EventWindow = 0.0 },
        };
        var error = Assert.Throws<ArgumentException>(() => EventSimulator.Simulate(bad, 0, 1));
        Assert.That(error!.ParamName, Is.EqualTo(name));
        Assert.That(error.Message, Does.Contain(name));
    }

    [Test]
    public void NonsenseArgumentsAreRefusedByName()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => EventSimulator.Simulate(Options, 0, 0))!.ParamName, Is.EqualTo("eventCount"));
        Assert.That(Assert.Throws<ArgumentException>(() => EventSimulator.Simulate(Options, -1, 5))!.ParamName, Is.EqualTo("firstEventIndex"));
    }

    internal static void AssertIdentical(SimulatedBatch a, SimulatedBatch b)
    {
        Assert.That(b.EventId.ToArray(), Is.EqualTo(a.EventId.ToArray()));
        Assert.That(b.FirstPulseIndex.ToArray(), Is.EqualTo(a.FirstPulseIndex.ToArray()));
        Assert.That(b.LastPulseIndex.ToArray(), Is.EqualTo(a.LastPulseIndex.ToArray()));
        Assert.That(b.Azimuth.ToArray(), Is.EqualTo(a.Azimuth.ToArray()));
        Assert.That(b.Zenith.ToArray(), Is.EqualTo(a.Zenith.ToArray()));
        Assert.That(b.Energy.ToArray(), Is.EqualTo(a.Energy.ToArray()));
        Assert.That(b.SensorId.ToArray(), Is.EqualTo(a.SensorId.ToArray()));
        Assert.That(b.Time.ToArray(), Is.EqualTo(a.Time.ToArray()));
        Assert.That(b.Charge.ToArray(), Is.EqualTo(a.Charge.ToArray()));
        Assert.That(b.Auxiliary.ToArray(), Is.EqualTo(a.Auxiliary.ToArray()));
    }
}
