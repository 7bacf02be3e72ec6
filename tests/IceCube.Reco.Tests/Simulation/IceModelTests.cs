using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

public class IceModelTests
{
    // Plain reference: the mean of 1 / L(z) over a straight path by fine midpoint integration of Lengths(z).
    private static double ReferenceMeanInverseAttenuation(double z1, double z2)
    {
        const int steps = 20_000;
        var sum = 0.0;
        for (var i = 0; i < steps; i++)
        {
            var z = z1 + (i + 0.5) * (z2 - z1) / steps;
            var (absorption, scattering) = IceModel.Lengths(z);
            sum += 1.0 / Math.Sqrt(absorption * scattering / 3.0);
        }

        return sum / steps;
    }

    [TestCase(400.0, -450.0)]
    [TestCase(-20.0, -200.0)]
    [TestCase(-500.0, -300.0)]
    [TestCase(100.0, 80.0)]
    public void PathMeanMatchesADirectIntegral(double z1, double z2)
    {
        var ice = IceModel.Default;
        var mean = IceModel.PathMean(
            ice.CumulativeAttenuation(z1), ice.CumulativeAttenuation(z2), z1, z2, ice.InverseAttenuationAt(z2));
        Assert.That(mean, Is.EqualTo(ReferenceMeanInverseAttenuation(z1, z2)).Within(1e-3 * mean));
    }

    [Test]
    public void HorizontalPathsTakeTheLocalValue()
    {
        var ice = IceModel.Default;
        var (absorption, scattering) = IceModel.Lengths(-300.0);
        var local = 1.0 / Math.Sqrt(absorption * scattering / 3.0);
        Assert.That(ice.InverseAttenuationAt(-300.0), Is.EqualTo(local).Within(1e-3 * local));
        var mean = IceModel.PathMean(ice.CumulativeAttenuation(-300.0), ice.CumulativeAttenuation(-300.5), -300.0, -300.5, ice.InverseAttenuationAt(-300.5));
        Assert.That(mean, Is.EqualTo(local).Within(1e-2 * local));
    }

    [Test]
    public void TheDustLayerIsTheMurkiestAndTheDeepIceTheClearest()
    {
        var dust = IceModel.Lengths(-90.0);
        var deep = IceModel.Lengths(-450.0);
        var top = IceModel.Lengths(450.0);
        Assert.That(dust.Absorption, Is.EqualTo(18.0).Within(1e-9));
        Assert.That(dust.Scattering, Is.EqualTo(5.0).Within(1e-9));
        Assert.That(deep.Absorption, Is.InRange(180.0, 276.0));
        Assert.That(deep.Scattering, Is.InRange(50.0, 90.0));
        Assert.That(top.Absorption, Is.GreaterThan(dust.Absorption).And.LessThan(deep.Absorption));
        // The bound is the clearest ice (276 m / 90 m) with its 1% margin.
        Assert.That(IceModel.Default.LongestAttenuationLength,
            Is.InRange(IceModel.AttenuationLength(276.0, 90.0), 1.011 * IceModel.AttenuationLength(276.0, 90.0)));
    }

    [TestCase(-140.0, -40.0)]
    [TestCase(200.0, 480.0)]
    [TestCase(-600.0, 600.0)]
    [TestCase(-73.4, -72.9)]
    public void TheLongestLengthBetweenTwoHeightsBoundsAFineScan(double zLow, double zHigh)
    {
        var longest = 0.0;
        for (var z = zLow; z <= zHigh; z += 0.05)
        {
            var (absorption, scattering) = IceModel.Lengths(z);
            longest = Math.Max(longest, IceModel.AttenuationLength(absorption, scattering));
        }

        var bound = IceModel.Default.LongestAttenuationLengthBetween(zLow, zHigh);
        Assert.That(bound, Is.GreaterThanOrEqualTo(longest));
        Assert.That(bound, Is.LessThanOrEqualTo(IceModel.Default.LongestAttenuationLength));
    }

    [Test]
    public void TheDustLayerBoundIsFarBelowTheClearIce()
    {
        var dust = IceModel.Default.LongestAttenuationLengthBetween(-100.0, -80.0);
        Assert.That(dust, Is.LessThan(0.2 * IceModel.Default.LongestAttenuationLength));
    }
}
