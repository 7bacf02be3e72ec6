using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

public class CounterRandomTests
{
    [Test]
    public void AStreamDependsOnlyOnSeedAndStreamIndex()
    {
        var a = new CounterRandom(7, 12345);
        var b = new CounterRandom(7, 12345);
        var otherStream = new CounterRandom(7, 12346);
        var otherSeed = new CounterRandom(8, 12345);
        var same = 0;
        for (var i = 0; i < 1000; i++)
        {
            var x = a.NextULong();
            Assert.That(b.NextULong(), Is.EqualTo(x));
            if (otherStream.NextULong() == x || otherSeed.NextULong() == x)
            {
                same++;
            }
        }

        Assert.That(same, Is.Zero);
    }

    [Test]
    public void UniformsStayInRange()
    {
        var rng = new CounterRandom(1, 2);
        var sum = 0.0;
        const int n = 100_000;
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble();
            var positive = rng.NextDoublePositive();
            var k = rng.NextInt(7);
            Assert.That(u, Is.GreaterThanOrEqualTo(0.0).And.LessThan(1.0));
            Assert.That(positive, Is.GreaterThan(0.0).And.LessThanOrEqualTo(1.0));
            Assert.That(k, Is.InRange(0, 6));
            sum += u;
        }

        // Mean of U(0,1) is 1/2 with standard error sqrt(1/12/n) ~ 0.0009.
        Assert.That(sum / n, Is.EqualTo(0.5).Within(0.005));
    }

    [TestCase(0.02)]
    [TestCase(0.7)]
    [TestCase(4.0)]
    [TestCase(29.0)]
    [TestCase(250.0)]
    public void PoissonHasTheRightMeanAndVariance(double mean)
    {
        var rng = new CounterRandom(3, (ulong)(mean * 1000));
        const int n = 200_000;
        double sum = 0, sum2 = 0;
        for (var i = 0; i < n; i++)
        {
            double k = rng.NextPoisson(mean);
            sum += k;
            sum2 += k * k;
        }

        var m = sum / n;
        var variance = sum2 / n - m * m;
        // Five standard errors of the mean (sqrt(mean / n)) and a 5% band on the variance.
        Assert.That(m, Is.EqualTo(mean).Within(5 * Math.Sqrt(mean / n)));
        Assert.That(variance, Is.EqualTo(mean).Within(0.05 * mean + 1e-3));
    }

    [Test]
    public void PoissonZeroProbabilityMatchesExpMinusMean()
    {
        var rng = new CounterRandom(4, 4);
        const int n = 200_000;
        const double mean = 0.3;
        var zeros = 0;
        for (var i = 0; i < n; i++)
        {
            if (rng.NextPoisson(mean) == 0)
            {
                zeros++;
            }
        }

        var p = Math.Exp(-mean);
        Assert.That(zeros / (double)n, Is.EqualTo(p).Within(5 * Math.Sqrt(p * (1 - p) / n)));
    }

    [TestCase(0.05)]
    [TestCase(0.6)]
    [TestCase(2.5)]
    [TestCase(40.0)]
    public void GammaHasTheRightMeanAndVariance(double shape)
    {
        var rng = new CounterRandom(5, (ulong)(shape * 100));
        const int n = 200_000;
        double sum = 0, sum2 = 0;
        for (var i = 0; i < n; i++)
        {
            var g = rng.NextGamma(shape);
            Assert.That(g, Is.GreaterThanOrEqualTo(0.0));
            sum += g;
            sum2 += g * g;
        }

        var m = sum / n;
        var variance = sum2 / n - m * m;
        // Gamma(k, 1): mean k, variance k.
        Assert.That(m, Is.EqualTo(shape).Within(5 * Math.Sqrt(shape / n)));
        Assert.That(variance, Is.EqualTo(shape).Within(0.08 * shape));
    }

    [Test]
    public void NormalHasZeroMeanAndUnitVariance()
    {
        var rng = new CounterRandom(6, 6);
        const int n = 200_000;
        double sum = 0, sum2 = 0;
        for (var i = 0; i < n; i++)
        {
            var x = rng.NextNormal();
            sum += x;
            sum2 += x * x;
        }

        Assert.That(sum / n, Is.EqualTo(0.0).Within(5 / Math.Sqrt(n)));
        Assert.That(sum2 / n, Is.EqualTo(1.0).Within(0.02));
    }
}
