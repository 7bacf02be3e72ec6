using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Checks the angular loss reference on known angles, at the clamp, and by finite differences.</summary>
[TestFixture]
internal sealed class AngularLossReferenceTests
{
    [Test]
    public void KnownAnglesAndScaleInvariance()
    {
        // Orthogonal: pi/2. 60 degrees apart: pi/3. The prediction's length must not matter.
        double[] pred = [3, 0, 0, 0, 0, 0.25];
        double[] target = [0, 1, 0, Math.Sqrt(0.75), 0, 0.5];
        double expected = ((Math.PI / 2) + (Math.PI / 3)) / 2;
        Assert.That(AngularLossReference.Loss(pred, target, 2), Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void ParallelAndAntiparallelPredictionsHitTheClampWithZeroGradient()
    {
        double[] target = [0, 0, 1, 0, 0, 1];
        double[] pred = [0, 0, 2, 0, 0, -0.5];
        double expected = (Math.Acos(1 - 1e-7) + Math.Acos(-(1 - 1e-7))) / 2;
        Assert.Multiple(() =>
        {
            Assert.That(AngularLossReference.Loss(pred, target, 2), Is.EqualTo(expected).Within(1e-15));
            Assert.That(AngularLossReference.Gradient(pred, target, 2), Is.All.EqualTo(0.0));
        });
    }

    [Test]
    public void EmptyBatchIsZeroNotNaN()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AngularLossReference.Loss([], [], 0), Is.EqualTo(0.0));
            Assert.That(AngularLossReference.Gradient([], [], 0), Is.Empty);
        });
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    public void GradientMatchesFiniteDifferences(int batch)
    {
        var random = new ReferenceRandom(61 + batch);
        double[] pred = random.Uniform(3 * batch, -2.0, 2.0);
        var target = new double[3 * batch];
        for (int b = 0; b < batch; b++)
        {
            Array.Copy(random.UnitVector3(), 0, target, 3 * b, 3);
        }

        // Keep the test point away from the clamp: |cos| well below 1 - 1e-7 for every event.
        Assert.That(Cosines(pred, target, batch).Max(Math.Abs), Is.LessThan(0.999), "prediction almost (anti)parallel; change the seed");
        double[] gradient = AngularLossReference.Gradient(pred, target, batch);
        GradientCheck.AssertMatchesNumerical("dpred", () => AngularLossReference.Loss(pred, target, batch), pred, gradient);

        // The loss depends on the direction only, so the gradient is perpendicular to each prediction.
        for (int b = 0; b < batch; b++)
        {
            double radial = (gradient[3 * b] * pred[3 * b]) + (gradient[(3 * b) + 1] * pred[(3 * b) + 1]) + (gradient[(3 * b) + 2] * pred[(3 * b) + 2]);
            Assert.That(radial, Is.EqualTo(0.0).Within(1e-14), $"event {b}");
        }
    }

    [Test]
    public void RejectsAZeroPrediction()
    {
        Assert.That(
            () => AngularLossReference.Loss([1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 1, 0], 2),
            Throws.ArgumentException.With.Message.Contains("row 1"));
    }

    private static double[] Cosines(double[] pred, double[] target, int batch)
    {
        var cosines = new double[batch];
        for (int b = 0; b < batch; b++)
        {
            double dot = 0.0, norm = 0.0;
            for (int d = 0; d < 3; d++)
            {
                dot += pred[(3 * b) + d] * target[(3 * b) + d];
                norm += pred[(3 * b) + d] * pred[(3 * b) + d];
            }

            cosines[b] = dot / Math.Sqrt(norm);
        }

        return cosines;
    }
}
