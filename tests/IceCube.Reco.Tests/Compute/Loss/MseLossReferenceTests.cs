using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Checks the (azimuth, zenith) mean squared error reference.</summary>
[TestFixture]
internal sealed class MseLossReferenceTests
{
    [Test]
    public void HandComputedMeanOverBothAnglesAndTheBatch()
    {
        // Differences 1, -2 and 0.5, 0: squares 1 + 4 + 0.25 + 0 over 4 entries.
        double[] pred = [1.0, 0.0, 2.5, 1.0];
        double[] target = [0.0, 2.0, 2.0, 1.0];
        Assert.Multiple(() =>
        {
            Assert.That(MseLossReference.Loss(pred, target, 2), Is.EqualTo(5.25 / 4));
            Assert.That(MseLossReference.Gradient(pred, target, 2), Is.EqualTo(new[] { 0.5, -1.0, 0.25, 0.0 }));
            Assert.That(MseLossReference.Loss([], [], 0), Is.EqualTo(0.0));
        });
    }

    [TestCase(1)]
    [TestCase(3)]
    public void GradientMatchesFiniteDifferences(int batch)
    {
        var random = new ReferenceRandom(71);
        double[] pred = random.Uniform(2 * batch, 0.0, Math.PI);
        double[] target = random.Uniform(2 * batch, 0.0, Math.PI);
        GradientCheck.AssertMatchesNumerical(
            "dpred", () => MseLossReference.Loss(pred, target, batch), pred, MseLossReference.Gradient(pred, target, batch));
    }
}
