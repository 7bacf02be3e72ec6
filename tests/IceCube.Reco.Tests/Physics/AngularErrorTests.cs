using IceCube.Reco.Physics;

namespace IceCube.Reco.Tests.Physics;

public class AngularErrorTests
{
    [TestCase(1.0, 1.0, 1.0, 1.0, 0.0, TestName = "same direction")]
    [TestCase(0.3, 0.0, 2.0, Math.PI, Math.PI, TestName = "opposite: north and south pole")]
    [TestCase(0.0, Math.PI / 2, Math.PI, Math.PI / 2, Math.PI, TestName = "opposite on the horizon")]
    [TestCase(0.0, Math.PI / 2, Math.PI / 2, Math.PI / 2, Math.PI / 2, TestName = "orthogonal in azimuth")]
    [TestCase(1.0, 0.0, 4.0, Math.PI / 2, Math.PI / 2, TestName = "pole to horizon")]
    [TestCase(0.0, 0.0, 3.0, 0.0, 0.0, TestName = "azimuth is irrelevant at the pole")]
    public void Angle_HandComputedCases(double a1, double z1, double a2, double z2, double expected)
    {
        Assert.That(AngularError.Angle(a1, z1, a2, z2), Is.EqualTo(expected).Within(1e-7));
    }

    [Test]
    public void Angle_AzimuthWrapAround_IsTheShortWay()
    {
        // 0.05 and 2pi - 0.05 are 0.1 rad apart; at zenith 1 the arc is about 0.1 sin(1) = 0.0841 rad.
        var wrapped = AngularError.Angle(0.05, 1.0, 2 * Math.PI - 0.05, 1.0);
        Assert.That(wrapped, Is.EqualTo(AngularError.Angle(0.0, 1.0, 0.1, 1.0)).Within(1e-12));
        Assert.That(wrapped, Is.EqualTo(0.1 * Math.Sin(1.0)).Within(1e-4));
    }

    [Test]
    public void Mean_OfAnglesAndOfVectors_Agree()
    {
        var random = new Random(4);
        const int n = 200;
        double[] a1 = new double[n], z1 = new double[n], a2 = new double[n], z2 = new double[n];
        double[] v1 = new double[3 * n], v2 = new double[3 * n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            a1[i] = random.NextDouble() * 2 * Math.PI;
            z1[i] = random.NextDouble() * Math.PI;
            a2[i] = random.NextDouble() * 2 * Math.PI;
            z2[i] = random.NextDouble() * Math.PI;
            var p = Vector(a1[i], z1[i]);
            var q = Vector(a2[i], z2[i]);
            p.CopyTo(v1, 3 * i);
            // Predicted vectors need not be unit length.
            q.Select(c => c * 3.5).ToArray().CopyTo(v2, 3 * i);
            sum += Math.Acos(Math.Clamp(p[0] * q[0] + p[1] * q[1] + p[2] * q[2], -1, 1));
        }

        Assert.That(AngularError.Mean(a1, z1, a2, z2), Is.EqualTo(sum / n).Within(1e-12));
        Assert.That(AngularError.Mean(v1, v2), Is.EqualTo(sum / n).Within(1e-12));
        Assert.That(AngularError.Mean(v1.Select(v => (float)v).ToArray(), v2.Select(v => (float)v).ToArray()), Is.EqualTo(sum / n).Within(1e-5));
    }

    [Test]
    public void ConstantPrediction_ScoresAboutHalfPi()
    {
        var random = new Random(8);
        const int n = 20000;
        double[] a = new double[n], z = new double[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = random.NextDouble() * 2 * Math.PI;
            z[i] = Math.Acos(2 * random.NextDouble() - 1);
        }

        Assert.That(AngularError.Mean(a, z, new double[n], Enumerable.Repeat(Math.PI / 2, n).ToArray()), Is.EqualTo(Math.PI / 2).Within(0.03));
    }

    [Test]
    public void BadInput_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => AngularError.Mean([1.0, 2.0], [1.0, 1.0], [1.0, double.NaN], [1.0, 1.0]));
        Assert.That(error!.Message, Does.Contain("azimuthPredicted[1]"));
        Assert.Throws<ArgumentException>(() => AngularError.Angle(double.PositiveInfinity, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => AngularError.Mean([], [], [], []));
        Assert.Throws<ArgumentException>(() => AngularError.Mean([1.0], [1.0, 2.0], [1.0], [1.0]));
        Assert.Throws<ArgumentException>(() => AngularError.Mean(new double[] { 0, 0, 1 }, new double[] { 0, 0, 0 }));
        Assert.Throws<ArgumentException>(() => AngularError.Mean(new double[] { 0, 0, 1 }, new double[] { 0, 0 }));
        Assert.Throws<ArgumentException>(() => AngularError.Mean(new float[] { 0, 0, 1 }, new float[] { float.NaN, 0, 1 }));
    }

    private static double[] Vector(double azimuth, double zenith) =>
        [Math.Cos(azimuth) * Math.Sin(zenith), Math.Sin(azimuth) * Math.Sin(zenith), Math.Cos(zenith)];
}
