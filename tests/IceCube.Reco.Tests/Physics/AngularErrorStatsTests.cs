using IceCube.Reco.Physics;

namespace IceCube.Reco.Tests.Physics;

public sealed class AngularErrorStatsTests
{
    [Test]
    public void StatsMatchHandComputedAngles()
    {
        // Truth straight up (zenith 0); predictions at 0, 90 degrees (any azimuth) and straight down.
        double[] trueAzimuth = [0.0, 0.0, 0.0];
        double[] trueZenith = [0.0, 0.0, 0.0];
        double[] azimuth = [2.0, 1.0, 0.5];
        double[] zenith = [0.0, Math.PI / 2, Math.PI];

        var stats = AngularErrorStats.Of(trueAzimuth, trueZenith, azimuth, zenith);

        Assert.Multiple(() =>
        {
            Assert.That(stats.Errors[0], Is.EqualTo(0.0).Within(1e-12));
            Assert.That(stats.Errors[1], Is.EqualTo(Math.PI / 2).Within(1e-12));
            Assert.That(stats.Errors[2], Is.EqualTo(Math.PI).Within(1e-12));
            Assert.That(stats.Mean, Is.EqualTo(Math.PI / 2).Within(1e-12));
            Assert.That(stats.Median, Is.EqualTo(Math.PI / 2).Within(1e-12));
        });
    }

    [Test]
    public void TheMeanIsTheCompetitionMetricBitForBit()
    {
        var random = new Random(9);
        var n = 101;
        var trueAzimuth = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 * Math.PI).ToArray();
        var trueZenith = Enumerable.Range(0, n).Select(_ => random.NextDouble() * Math.PI).ToArray();
        var azimuth = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 * Math.PI).ToArray();
        var zenith = Enumerable.Range(0, n).Select(_ => random.NextDouble() * Math.PI).ToArray();

        var stats = AngularErrorStats.Of(trueAzimuth, trueZenith, azimuth, zenith);

        Assert.Multiple(() =>
        {
            Assert.That(stats.Mean, Is.EqualTo(AngularError.Mean(trueAzimuth, trueZenith, azimuth, zenith)));
            Assert.That(stats.Errors, Has.Count.EqualTo(n));
            Assert.That(stats.Median, Is.EqualTo(stats.Errors.Order().ElementAt(n / 2)));
        });
    }

    [Test]
    public void MedianOfAnEvenCountAveragesTheMiddlePair()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AngularErrorStats.MedianOf([4.0, 1.0, 3.0, 2.0]), Is.EqualTo(2.5));
            Assert.That(AngularErrorStats.MedianOf([5.0]), Is.EqualTo(5.0));
            Assert.Throws<ArgumentException>(() => AngularErrorStats.MedianOf([]));
        });
    }

    [Test]
    public void MismatchedOrEmptyOrNonFiniteInputIsRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => AngularErrorStats.Of([], [], [], []));
            Assert.Throws<ArgumentException>(() => AngularErrorStats.Of([0.0, 1.0], [0.0, 1.0], [0.0], [0.0]));
            Assert.Throws<ArgumentException>(() => AngularErrorStats.Of([0.0], [0.0], [double.NaN], [0.0]));
        });
    }
}
