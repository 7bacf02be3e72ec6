using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

/// <summary>The cheap realism targets of the issue, on 3,000 events with a fixed seed (docs/simulation.md has the
/// figures on larger samples).</summary>
public class SimulationRealismTests
{
    private SimulatedBatch _batch = null!;

    [OneTimeSetUp]
    public void Simulate() => _batch = EventSimulator.Simulate(new SimulationOptions { Seed = 2026, Threads = 2 }, 0, 3000);

    // Angle between two directions in double precision, the competition's metric for one event.
    private static double AngularError(double azimuth1, double zenith1, double azimuth2, double zenith2)
    {
        var s = Math.Sin(zenith1) * Math.Sin(zenith2) * Math.Cos(azimuth1 - azimuth2) + Math.Cos(zenith1) * Math.Cos(zenith2);
        return Math.Acos(Math.Clamp(s, -1.0, 1.0));
    }

    [Test]
    public void PulsesPerEventHaveAMedianOf20To150AndATail()
    {
        var counts = Enumerable.Range(0, _batch.EventCount)
            .Select(e => _batch.LastPulseIndex[e] - _batch.FirstPulseIndex[e] + 1).OrderBy(c => c).ToArray();
        Assert.That(counts[counts.Length / 2], Is.InRange(20, 150));
        // A heavy tail: the largest events are tens of times the median.
        Assert.That(counts[^1], Is.GreaterThan(10 * counts[counts.Length / 2]));
    }

    [Test]
    public void AuxiliaryFractionIsBetweenThirtyAndEightyPercent()
    {
        var auxiliary = 0;
        foreach (var flag in _batch.Auxiliary)
        {
            if (flag)
            {
                auxiliary++;
            }
        }

        Assert.That(auxiliary / (double)_batch.PulseCount, Is.InRange(0.3, 0.8));
    }

    [Test]
    public void FirstPulsesComeNearSixMicroseconds()
    {
        var firsts = Enumerable.Range(0, _batch.EventCount).Select(e => _batch.Time[(int)_batch.FirstPulseIndex[e]]).OrderBy(t => t).ToArray();
        Assert.That(firsts[firsts.Length / 2], Is.InRange(5700, 6500));
    }

    [Test]
    public void LineFitCarriesSignalButIsFarFromPerfect()
    {
        var geometry = DetectorGeometry.IceCube86();
        var azimuth = new double[_batch.EventCount];
        var zenith = new double[_batch.EventCount];
        LineFitBaseline.FitBatch(geometry, _batch.SensorId, _batch.Time, _batch.Charge, _batch.Auxiliary,
            _batch.FirstPulseIndex, _batch.LastPulseIndex, azimuth, zenith);
        var mean = Enumerable.Range(0, _batch.EventCount)
            .Average(e => AngularError(_batch.Azimuth[e], _batch.Zenith[e], azimuth[e], zenith[e]));
        Assert.That(mean, Is.InRange(0.6, 1.4));
    }

    [Test]
    public void AConstantPredictionScoresAboutHalfPi()
    {
        var mean = Enumerable.Range(0, _batch.EventCount)
            .Average(e => AngularError(_batch.Azimuth[e], _batch.Zenith[e], LineFit.FallbackAzimuth, LineFit.FallbackZenith));
        Assert.That(mean, Is.EqualTo(Math.PI / 2).Within(0.05));
    }

    [Test]
    public void DirectionsAreIsotropicAndTheMixIsSeventyThirty()
    {
        var meanCosZenith = Enumerable.Range(0, _batch.EventCount).Average(e => Math.Cos(_batch.Zenith[e]));
        // Isotropic: cos(zenith) uniform on [-1, 1], standard error sqrt(1/3/n) ~ 0.011.
        Assert.That(meanCosZenith, Is.EqualTo(0.0).Within(0.055));
        var tracks = _batch.Topology.ToArray().Count(t => t != EventTopology.Cascade) / (double)_batch.EventCount;
        Assert.That(tracks, Is.EqualTo(0.7).Within(0.045));
    }
}
