using IceCube.Reco.Physics;

namespace IceCube.Reco.Tests.Physics;

public class DirectionTests
{
    [Test]
    public void ToUnitVector_MatchesHandComputedCases()
    {
        AssertVector(Direction.ToUnitVector(0.0, 0.0), (0, 0, 1));
        AssertVector(Direction.ToUnitVector(1.234, Math.PI), (0, 0, -1));
        AssertVector(Direction.ToUnitVector(0.0, Math.PI / 2), (1, 0, 0));
        AssertVector(Direction.ToUnitVector(Math.PI / 2, Math.PI / 2), (0, 1, 0));
        AssertVector(Direction.ToUnitVector(Math.PI, Math.PI / 2), (-1, 0, 0));
        var h = Math.Sqrt(0.5);
        AssertVector(Direction.ToUnitVector(Math.PI / 4, Math.PI / 4), (0.5, 0.5, h));
    }

    [Test]
    public void FromUnitVector_NormalisesAndWrapsAzimuthIntoRange()
    {
        var (az, zen) = Direction.FromUnitVector(0, -3, 0);
        Assert.That(az, Is.EqualTo(1.5 * Math.PI).Within(1e-12));
        Assert.That(zen, Is.EqualTo(Math.PI / 2).Within(1e-12));

        (az, zen) = Direction.FromUnitVector(1, -1e-300, 0);
        Assert.That(az, Is.GreaterThanOrEqualTo(0.0).And.LessThan(2 * Math.PI));

        (az, zen) = Direction.FromUnitVector(0, 0, -7);
        Assert.That(zen, Is.EqualTo(Math.PI).Within(1e-12));
        Assert.That(az, Is.EqualTo(0.0));
    }

    [Test]
    public void RoundTrip_RecoversAngles()
    {
        var random = new Random(3);
        for (var i = 0; i < 1000; i++)
        {
            var azimuth = random.NextDouble() * 2 * Math.PI;
            var zenith = 0.01 + random.NextDouble() * (Math.PI - 0.02);
            var (x, y, z) = Direction.ToUnitVector(azimuth, zenith);
            Assert.That(x * x + y * y + z * z, Is.EqualTo(1.0).Within(1e-12));
            var (a, b) = Direction.FromUnitVector(2.5 * x, 2.5 * y, 2.5 * z);
            Assert.That(a, Is.EqualTo(azimuth).Within(1e-9));
            Assert.That(b, Is.EqualTo(zenith).Within(1e-9));
        }
    }

    [Test]
    public void ToUnitVector_AzimuthOutsideRangeIsPeriodic()
    {
        var a = Direction.ToUnitVector(-0.5, 1.0);
        var b = Direction.ToUnitVector(2 * Math.PI - 0.5, 1.0);
        AssertVector(a, b);
    }

    [Test]
    public void BadInput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Direction.FromUnitVector(0, 0, 0));
        Assert.Throws<ArgumentException>(() => Direction.FromUnitVector(double.NaN, 0, 1));
        Assert.Throws<ArgumentException>(() => Direction.FromUnitVector(0, double.PositiveInfinity, 1));
        Assert.Throws<ArgumentException>(() => Direction.ToUnitVector(double.NaN, 1));
        Assert.Throws<ArgumentException>(() => Direction.ToUnitVector(1, double.NegativeInfinity));
    }

    private static void AssertVector((double X, double Y, double Z) actual, (double X, double Y, double Z) expected)
    {
        Assert.That(actual.X, Is.EqualTo(expected.X).Within(1e-12));
        Assert.That(actual.Y, Is.EqualTo(expected.Y).Within(1e-12));
        Assert.That(actual.Z, Is.EqualTo(expected.Z).Within(1e-12));
    }
}
