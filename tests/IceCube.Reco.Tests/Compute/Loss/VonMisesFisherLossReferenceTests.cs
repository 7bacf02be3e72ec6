using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// Checks the von Mises-Fisher loss reference against the textbook formula where that formula is safe, against
/// its limits where it is not, for continuity across the range switches, and by finite differences.
/// </summary>
[TestFixture]
internal sealed class VonMisesFisherLossReferenceTests
{
    [TestCase(0.05)]
    [TestCase(0.5)]
    [TestCase(1.0)]
    [TestCase(3.0)]
    [TestCase(10.0)]
    [TestCase(50.0)]
    public void MatchesTheDirectFormulaWhereItIsSafe(double kappa)
    {
        // v = kappa * mu for a fixed mu and target; the direct formula -log(kappa / (4 pi sinh kappa)) - v.y
        // loses at most a few digits to cancellation for these kappa, far less than the tolerance.
        var random = new ReferenceRandom(81);
        double[] mu = random.UnitVector3();
        double[] y = random.UnitVector3();
        double dot = (mu[0] * y[0]) + (mu[1] * y[1]) + (mu[2] * y[2]);
        double direct = -Math.Log(kappa / (4.0 * Math.PI * Math.Sinh(kappa))) - (kappa * dot);
        double loss = VonMisesFisherLossReference.EventLoss(kappa * mu[0], kappa * mu[1], kappa * mu[2], y[0], y[1], y[2]);
        Assert.That(loss, Is.EqualTo(direct).Within(1e-12).Percent);
    }

    [Test]
    public void LargeKappaFollowsTheAsymptoteWhereSinhOverflows()
    {
        // sinh(1000) overflows; log sinh k = k - log 2 to within exp(-2000), so NLL = log(4 pi) + k - log 2 - log k - v.y.
        const double kappa = 1000.0;
        double expected = Math.Log(4.0 * Math.PI) + kappa - Math.Log(2.0) - Math.Log(kappa) - (kappa * 0.6);
        double loss = VonMisesFisherLossReference.EventLoss(0.0, 0.8 * kappa, 0.6 * kappa, 0.0, 0.0, 1.0);
        Assert.That(loss, Is.EqualTo(expected).Within(1e-12).Percent);
    }

    [Test]
    public void ZeroKappaGivesTheUniformDensityAndGradientMinusY()
    {
        // kappa = 0 is the uniform density 1 / (4 pi) on the sphere; dNLL/dv = A(k) v / k - y tends to -y.
        double[] target = [0.0, 0.6, 0.8];
        Assert.Multiple(() =>
        {
            Assert.That(VonMisesFisherLossReference.Loss([0, 0, 0], target, 1), Is.EqualTo(Math.Log(4.0 * Math.PI)));
            Assert.That(VonMisesFisherLossReference.Gradient([0, 0, 0], target, 1), Is.EqualTo(new[] { -0.0, -0.6, -0.8 }));
        });
    }

    [TestCase(VonMisesFisherLossReference.SmallKappa)]
    [TestCase(VonMisesFisherLossReference.LargeKappa)]
    public void IsContinuousAcrossTheRangeSwitches(double kappa)
    {
        double below = kappa * (1.0 - 1e-12);
        double above = kappa * (1.0 + 1e-12);
        Assert.Multiple(() =>
        {
            Assert.That(
                VonMisesFisherLossReference.LogSinhOverKappa(above),
                Is.EqualTo(VonMisesFisherLossReference.LogSinhOverKappa(below)).Within(1e-9).Percent);
            Assert.That(
                VonMisesFisherLossReference.LangevinOverKappa(above),
                Is.EqualTo(VonMisesFisherLossReference.LangevinOverKappa(below)).Within(1e-9).Percent);
        });
    }

    [Test]
    public void LangevinMatchesItsDirectFormulaAcrossTheSeriesRange()
    {
        // At kappa = 0.01 the direct form still has ~10 good digits: enough to check the series' coefficients.
        foreach (double kappa in new[] { 0.01, 0.05, 0.099 })
        {
            double direct = ((1.0 / Math.Tanh(kappa)) - (1.0 / kappa)) / kappa;
            Assert.That(VonMisesFisherLossReference.LangevinOverKappa(kappa), Is.EqualTo(direct).Within(1e-7).Percent, $"kappa {kappa}");
        }
    }

    [TestCase(0.01)]
    [TestCase(0.3)]
    [TestCase(4.0)]
    [TestCase(60.0)]
    public void GradientMatchesFiniteDifferencesInEveryRange(double kappa)
    {
        // Three events around the given kappa, with targets not parallel to the predictions.
        var random = new ReferenceRandom(82);
        var pred = new double[9];
        var target = new double[9];
        for (int b = 0; b < 3; b++)
        {
            double[] mu = random.UnitVector3();
            double k = kappa * random.NextUniform(0.8, 1.2);
            for (int d = 0; d < 3; d++)
            {
                pred[(3 * b) + d] = k * mu[d];
            }

            Array.Copy(random.UnitVector3(), 0, target, 3 * b, 3);
        }

        GradientCheck.AssertMatchesNumerical(
            "dpred", () => VonMisesFisherLossReference.Loss(pred, target, 3), pred, VonMisesFisherLossReference.Gradient(pred, target, 3));
    }

    [Test]
    public void EmptyBatchIsZeroNotNaN()
    {
        Assert.Multiple(() =>
        {
            Assert.That(VonMisesFisherLossReference.Loss([], [], 0), Is.EqualTo(0.0));
            Assert.That(VonMisesFisherLossReference.Gradient([], [], 0), Is.Empty);
        });
    }
}
