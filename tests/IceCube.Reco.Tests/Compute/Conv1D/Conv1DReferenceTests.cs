using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Checks the Conv1D reference by hand-computed cases, finite differences and the masking rules.</summary>
[TestFixture]
internal sealed class Conv1DReferenceTests
{
    /// <summary>An awkward shape: batch, steps, per-event lengths, channels, kernel size, activation.</summary>
    public sealed record Case(
        int Batch, int Steps, int[] Lengths, int InChannels, int OutChannels, int KernelSize, ReferenceActivation Activation)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"B={Batch} L={Steps} len=[{string.Join(",", Lengths)}] Cin={InChannels} Cout={OutChannels} K={KernelSize} {Activation}";
    }

    private static IEnumerable<Case> Cases()
    {
        yield return new Case(1, 1, [1], 1, 1, 3, ReferenceActivation.Linear);
        yield return new Case(1, 7, [7], 3, 5, 3, ReferenceActivation.Tanh);
        yield return new Case(3, 7, [0, 4, 7], 3, 5, 3, ReferenceActivation.Relu);
        yield return new Case(3, 7, [7, 1, 3], 5, 3, 5, ReferenceActivation.Sigmoid);
        yield return new Case(3, 7, [2, 7, 6], 1, 3, 1, ReferenceActivation.Tanh);
        yield return new Case(3, 7, [5, 0, 7], 3, 1, 9, ReferenceActivation.Linear);
    }

    [Test]
    public void HandComputedOneChannelStopsAtTheEventLength()
    {
        // w = [1, 2, 3] over taps t-1, t, t+1; x = 1, 2, 3 then a padded 4 that must never be read.
        double[] x = [1, 2, 3, 4];
        double[] y = Conv1DReference.Forward(
            x, [3], 1, 4, 1, [1, 2, 3], [0.5], 3, 1, ReferenceActivation.Linear);

        // y0 = 0.5 + 1*0 + 2*1 + 3*2; y1 = 0.5 + 1*1 + 2*2 + 3*3; y2 = 0.5 + 1*2 + 2*3 + 3*0; y3 padded.
        Assert.That(y, Is.EqualTo(new[] { 8.5, 14.5, 8.5, 0.0 }));
    }

    [Test]
    public void HandComputedTwoChannelsUseTheKerasWeightLayout()
    {
        // K = 1, Cin = 2, Cout = 2: w[0, c, o] at c * 2 + o, so y[o] = sum_c x[c] * w[c, o].
        double[] y = Conv1DReference.Forward(
            [1, 10], [1], 1, 1, 2, [1, 2, 3, 4], [0, 0], 1, 2, ReferenceActivation.Linear);
        Assert.That(y, Is.EqualTo(new[] { (1 * 1) + (10 * 3), (1 * 2) + (10 * 4) }));
    }

    [Test]
    public void ReluAndSigmoidLeavePaddedOutputsAtZero()
    {
        // Sigmoid(0) = 0.5 and a positive bias would survive ReLU: padded outputs must still be exactly 0.
        foreach (ReferenceActivation activation in new[] { ReferenceActivation.Sigmoid, ReferenceActivation.Relu })
        {
            double[] y = Conv1DReference.Forward(
                [1, 1, 1], [1], 1, 3, 1, [0, 0, 0], [2.0], 3, 1, activation);
            Assert.That(y[1..], Is.EqualTo(new[] { 0.0, 0.0 }), activation.ToString());
            Assert.That(y[0], Is.EqualTo(activation.Apply(2.0)), activation.ToString());
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void BackwardMatchesFiniteDifferences(Case c)
    {
        var random = new ReferenceRandom(11);
        double[] x = random.Uniform(c.Batch * c.Steps * c.InChannels);
        double[] w = random.Uniform(c.KernelSize * c.InChannels * c.OutChannels, -0.7, 0.7);
        double[] bias = random.Uniform(c.OutChannels, -0.3, 0.3);
        double[] dy = random.Uniform(c.Batch * c.Steps * c.OutChannels);
        AssertAwayFromReluKink(c, x, w, bias);

        double Objective() => GradientCheck.Contract(
            Conv1DReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, c.Activation),
            dy);

        var (dx, dw, dbias) = Conv1DReference.Backward(
            x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, c.Activation, dy);
        GradientCheck.AssertMatchesNumerical("dx", Objective, x, dx);
        GradientCheck.AssertMatchesNumerical("dw", Objective, w, dw);
        GradientCheck.AssertMatchesNumerical("dbias", Objective, bias, dbias);
    }

    [TestCaseSource(nameof(Cases))]
    public void PaddedInputsAndPaddedOutputGradientsChangeNothing(Case c)
    {
        var random = new ReferenceRandom(12);
        double[] x = random.Uniform(c.Batch * c.Steps * c.InChannels);
        double[] w = random.Uniform(c.KernelSize * c.InChannels * c.OutChannels);
        double[] bias = random.Uniform(c.OutChannels);
        double[] dy = random.Uniform(c.Batch * c.Steps * c.OutChannels);
        double[] y = Conv1DReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, c.Activation);
        var grads = Conv1DReference.Backward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, c.Activation, dy);

        double[] xChanged = SequenceMasking.ScramblePadding(x, c.Lengths, c.Batch, c.Steps, c.InChannels, random);
        double[] dyChanged = SequenceMasking.ScramblePadding(dy, c.Lengths, c.Batch, c.Steps, c.OutChannels, random);
        double[] yChanged = Conv1DReference.Forward(xChanged, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, c.Activation);
        var gradsChanged = Conv1DReference.Backward(xChanged, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, c.Activation, dyChanged);

        Assert.Multiple(() =>
        {
            Assert.That(yChanged, Is.EqualTo(y), "y");
            Assert.That(gradsChanged.Dx, Is.EqualTo(grads.Dx), "dx");
            Assert.That(gradsChanged.Dw, Is.EqualTo(grads.Dw), "dw");
            Assert.That(gradsChanged.Dbias, Is.EqualTo(grads.Dbias), "dbias");
            Assert.That(SequenceMasking.PaddedValues(y, c.Lengths, c.Batch, c.Steps, c.OutChannels), Is.All.EqualTo(0.0), "padded y");
            Assert.That(SequenceMasking.PaddedValues(grads.Dx, c.Lengths, c.Batch, c.Steps, c.InChannels), Is.All.EqualTo(0.0), "padded dx");
        });
    }

    [Test]
    public void RejectsAnEvenKernelAndMisshapenArrays()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                () => Conv1DReference.Forward(new double[4], [2], 1, 2, 2, new double[8], new double[2], 2, 2, ReferenceActivation.Linear),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("kernelSize"));
            Assert.That(
                () => Conv1DReference.Forward(new double[3], [2], 1, 2, 2, new double[12], new double[2], 3, 2, ReferenceActivation.Linear),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(
                () => Conv1DReference.Forward(new double[4], [3], 1, 2, 2, new double[12], new double[2], 3, 2, ReferenceActivation.Linear),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("lengths"));
        });
    }

    /// <summary>
    /// Finite differences are meaningless across ReLU's kink: the test point must keep every real
    /// pre-activation clear of 0 by much more than the difference step (1e-6).
    /// </summary>
    private static void AssertAwayFromReluKink(Case c, double[] x, double[] w, double[] bias)
    {
        if (c.Activation != ReferenceActivation.Relu)
        {
            return;
        }

        double[] z = Conv1DReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, ReferenceActivation.Linear);
        double[] real = SequenceMasking.RealValues(z, c.Lengths, c.Batch, c.Steps, c.OutChannels);
        Assert.That(real.Min(Math.Abs), Is.GreaterThan(1e-3), "test point too close to the ReLU kink; change the seed");
    }
}
