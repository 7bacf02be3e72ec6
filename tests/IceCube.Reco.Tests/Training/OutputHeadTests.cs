using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

[TestFixture]
internal sealed class OutputHeadTests
{
    [TestCase(1.0, 1.0, 1.0, 1.0)]
    [TestCase(-1.0, 0.5, 2 * Math.PI - 1.0, 0.5)]
    [TestCase(7.0, 0.5, 7.0 - (2 * Math.PI), 0.5)]
    [TestCase(0.5, -0.3, 0.5 + Math.PI, 0.3)]
    [TestCase(0.5, 4.0, 0.5 + Math.PI, (2 * Math.PI) - 4.0)]
    [TestCase(0.5, 2 * Math.PI + 0.2, 0.5, 0.2)]
    public void RawAngles_AreWrappedIntoRange_KeepingTheDirection(double azimuth, double zenith, double expectedAzimuth, double expectedZenith)
    {
        var p = OutputHead.Read(Loss.Mse, 7, [(float)azimuth, (float)zenith]);
        Assert.That(p.Azimuth, Is.EqualTo(expectedAzimuth).Within(1e-6));
        Assert.That(p.Zenith, Is.EqualTo(expectedZenith).Within(1e-6));
        Assert.That(p.Kappa, Is.Null);

        // The same direction: the unit vectors of the raw and the wrapped angles agree.
        double[] raw = Vector((float)azimuth, (float)zenith);
        double[] wrapped = Vector(p.Azimuth, p.Zenith);
        Assert.That(wrapped, Is.EqualTo(raw).Within(1e-6));
    }

    [Test]
    public void Vectors_AreNormalised_AndVmfKeepsTheirLengthAsKappa()
    {
        var angular = OutputHead.Read(Loss.Angular, 1, [0f, 0f, -5f]);
        Assert.That(angular.Zenith, Is.EqualTo(Math.PI).Within(1e-12));
        var vmf = OutputHead.Read(Loss.VonMisesFisher, 2, [3f, 4f, 0f]);
        Assert.That(vmf.Kappa, Is.EqualTo(5.0).Within(1e-12));
        Assert.That(vmf.Azimuth, Is.EqualTo(Math.Atan2(4, 3)).Within(1e-12));
        Assert.That(vmf.Zenith, Is.EqualTo(Math.PI / 2).Within(1e-12));
        Assert.That(vmf.AngularUncertainty, Is.EqualTo(1 / Math.Sqrt(5)).Within(1e-12));
    }

    [Test]
    public void ZeroAndNonFiniteOutputs()
    {
        var zero = OutputHead.Read(Loss.Angular, 3, [0f, 0f, 0f]);
        Assert.That(double.IsFinite(zero.Azimuth) && double.IsFinite(zero.Zenith), Is.True);
        Assert.That(() => OutputHead.Read(Loss.Angular, 4, [float.NaN, 0f, 1f]),
            Throws.InvalidOperationException.With.Message.Contain("event 4"));
    }

    private static double[] Vector(double azimuth, double zenith) =>
        [Math.Cos(azimuth) * Math.Sin(zenith), Math.Sin(azimuth) * Math.Sin(zenith), Math.Cos(zenith)];
}
