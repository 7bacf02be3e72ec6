using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

public class LightReachTests
{
    [TestCase(30.0, 1, 0.01, 91.0)]
    [TestCase(30.0, 1, 0.05, 40.0)]
    [TestCase(5000.0, 2, 0.01, 91.0)]
    [TestCase(5e7, 2, 0.01, 91.0)]
    [TestCase(1e6, 2, 0.3, 6.0)]
    [TestCase(3.0, 1, 0.3, 91.0)]
    public void BeyondTheReachTheLightIsBelowTheThreshold(double brightness, int power, double threshold, double length)
    {
        double Expected(double d) => brightness * Math.Exp(-d / length) / Math.Pow(d, power);
        var reach = LightReach.Distance(brightness, power, threshold, length);
        Assert.That(reach, Is.GreaterThanOrEqualTo(LightReach.MinimumDistance));
        // At and beyond the reach the expectation is below the threshold ...
        for (var d = reach; d < reach + 500.0; d += 1.0)
        {
            Assert.That(Expected(d), Is.LessThanOrEqualTo(threshold * (1 + 1e-9)), $"d = {d}");
        }

        // ... and the reach is not needlessly far: 3% closer (the table's grid step) the light still counts.
        if (reach > LightReach.MinimumDistance)
        {
            Assert.That(Expected(0.97 * reach), Is.GreaterThan(threshold));
        }
    }

    [Test]
    public void DimSourcesReachOnlyTheMinimumDistance() =>
        Assert.That(LightReach.Distance(1e-4, 2, 0.01, 91.0), Is.EqualTo(LightReach.MinimumDistance));
}
