using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Layers;

/// <summary>Checks the Dense reference by a hand-computed case and finite differences for every activation.</summary>
[TestFixture]
internal sealed class DenseReferenceTests
{
    [Test]
    public void HandComputedUsesTheKerasWeightLayout()
    {
        // x [2, 2], w [In = 2, Out = 3] with w[i, o] at i * 3 + o.
        double[] x = [1, 2, -1, 0.5];
        double[] w = [1, 2, 3, 4, 5, 6];
        double[] bias = [0.5, 0, -1];
        double[] y = DenseReference.Forward(x, 2, 2, w, bias, 3, ReferenceActivation.Linear);

        // Row 0: 0.5 + 1*1 + 2*4, 0 + 1*2 + 2*5, -1 + 1*3 + 2*6; row 1: 0.5 - 1 + 2, 0 - 2 + 2.5, -1 - 3 + 3.
        Assert.That(y, Is.EqualTo(new[] { 9.5, 12.0, 14.0, 1.5, 0.5, -1.0 }));
        Assert.That(
            DenseReference.Forward(x, 2, 2, w, bias, 3, ReferenceActivation.Relu),
            Is.EqualTo(new[] { 9.5, 12.0, 14.0, 1.5, 0.5, 0.0 }));
    }

    [Test]
    public void EmptyBatchGivesEmptyOutputsAndZeroParameterGradients()
    {
        double[] w = [1, 2, 3, 4];
        var (dx, dw, dbias) = DenseReference.Backward([], 0, 2, w, [1, 1], 2, ReferenceActivation.Tanh, []);
        Assert.Multiple(() =>
        {
            Assert.That(DenseReference.Forward([], 0, 2, w, [1, 1], 2, ReferenceActivation.Tanh), Is.Empty);
            Assert.That(dx, Is.Empty);
            Assert.That(dw, Is.All.EqualTo(0.0));
            Assert.That(dbias, Is.All.EqualTo(0.0));
        });
    }

    [TestCase(1, 1, 1, ReferenceActivation.Linear)]
    [TestCase(3, 5, 3, ReferenceActivation.Relu)]
    [TestCase(3, 3, 7, ReferenceActivation.Tanh)]
    [TestCase(1, 7, 5, ReferenceActivation.Sigmoid)]
    [TestCase(3, 32, 16, ReferenceActivation.Relu)]
    public void BackwardMatchesFiniteDifferences(int batch, int inputs, int outputs, ReferenceActivation activation)
    {
        var random = new ReferenceRandom(41);
        double[] x = random.Uniform(batch * inputs);
        double[] w = random.Uniform(inputs * outputs);
        double[] bias = random.Uniform(outputs, -0.3, 0.3);
        double[] dy = random.Uniform(batch * outputs);
        if (activation == ReferenceActivation.Relu)
        {
            double[] z = DenseReference.Forward(x, batch, inputs, w, bias, outputs, ReferenceActivation.Linear);
            Assert.That(z.Min(Math.Abs), Is.GreaterThan(1e-3), "test point too close to the ReLU kink; change the seed");
        }

        double Objective() => GradientCheck.Contract(
            DenseReference.Forward(x, batch, inputs, w, bias, outputs, activation), dy);

        var (dx, dw, dbias) = DenseReference.Backward(x, batch, inputs, w, bias, outputs, activation, dy);
        GradientCheck.AssertMatchesNumerical("dx", Objective, x, dx);
        GradientCheck.AssertMatchesNumerical("dw", Objective, w, dw);
        GradientCheck.AssertMatchesNumerical("dbias", Objective, bias, dbias);
    }
}
