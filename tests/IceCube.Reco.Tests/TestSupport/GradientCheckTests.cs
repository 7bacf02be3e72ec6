namespace IceCube.Reco.Tests.TestSupport;

/// <summary>Checks the gradient-check tooling itself on functions whose derivatives are known in closed form.</summary>
[TestFixture]
internal sealed class GradientCheckTests
{
    [Test]
    public void NumericalGradientOfKnownFunctionsAndThePointIsRestored()
    {
        // f = x0^3 + sin(x1) + x0 * x2 at a large x2 (exercising the relative step): df = (3 x0^2 + x2, cos x1, x0).
        double[] point = [1.5, -0.7, 1234.5];
        double[] copy = (double[])point.Clone();
        double[] gradient = GradientCheck.Numerical(
            () => (point[0] * point[0] * point[0]) + Math.Sin(point[1]) + (point[0] * point[2]), point);
        Assert.Multiple(() =>
        {
            Assert.That(gradient[0], Is.EqualTo((3 * 1.5 * 1.5) + 1234.5).Within(1e-6).Percent);
            Assert.That(gradient[1], Is.EqualTo(Math.Cos(-0.7)).Within(1e-6).Percent);
            Assert.That(gradient[2], Is.EqualTo(1.5).Within(1e-6).Percent);
            Assert.That(point, Is.EqualTo(copy));
        });
    }

    [Test]
    public void RelativeErrorFollowsTheIssuesMetric()
    {
        Assert.Multiple(() =>
        {
            // ||(3,4) - (0,0)|| / max(5, 0, 1e-8) = 1.
            Assert.That(GradientCheck.RelativeError([3.0, 4.0], [0.0, 0.0]), Is.EqualTo(1.0));

            // ||(0, 0.01)|| / max(||(3, 4.01)||, ||(3, 4)||) = 0.01 / sqrt(9 + 16.0801).
            Assert.That(GradientCheck.RelativeError([3.0, 4.01], [3.0, 4.0]), Is.EqualTo(0.01 / Math.Sqrt(25.0801)).Within(1e-15));

            // Both (near) zero: the floor 1e-8 keeps the ratio finite.
            Assert.That(GradientCheck.RelativeError([0.0, 0.0], [0.0, 0.0]), Is.EqualTo(0.0));
            Assert.That(GradientCheck.RelativeError([1e-12], [0.0]), Is.EqualTo(1e-4).Within(1e-18));

            // A float tensor is widened exactly.
            Assert.That(GradientCheck.RelativeError([0.5f, 0.25f], [0.5, 0.25]), Is.EqualTo(0.0));
        });
    }

    [Test]
    public void AssertCloseFailsWithTheTensorName()
    {
        var failure = Assert.Throws<AssertionException>(() => GradientCheck.AssertClose("dw", [1.0, 2.0], [1.0, 2.1]));
        Assert.That(failure!.Message, Does.Contain("'dw'"));
    }

    [Test]
    public void RejectsTensorsOfDifferentSizes()
    {
        Assert.That(() => GradientCheck.RelativeError([1.0], [1.0, 2.0]), Throws.ArgumentException);
    }
}
