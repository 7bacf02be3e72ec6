using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// Checks the LSTM and bidirectional LSTM references: values computed independently from the gate formulas,
/// finite differences of BPTT, the direction and masking rules.
/// </summary>
[TestFixture]
internal sealed class LstmReferenceTests
{
    // One unit, one input channel: the four columns are the gates i, f, g, o.
    private static readonly double[] HandW = [0.1, -0.2, 0.3, 0.4];
    private static readonly double[] HandU = [0.5, -0.6, 0.7, -0.8];
    private static readonly double[] HandBias = [0.05, 1.0, -0.1, 0.2];

    /// <summary>An awkward shape: batch, steps, per-event lengths, input channels, hidden units.</summary>
    public sealed record Case(int Batch, int Steps, int[] Lengths, int InChannels, int Hidden)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"B={Batch} L={Steps} len=[{string.Join(",", Lengths)}] Cin={InChannels} H={Hidden}";
    }

    private static IEnumerable<Case> Cases()
    {
        yield return new Case(1, 1, [1], 1, 1);
        yield return new Case(1, 7, [7], 3, 3);
        yield return new Case(3, 7, [0, 4, 7], 3, 5);
        yield return new Case(3, 7, [7, 1, 6], 5, 3);
    }

    [Test]
    public void OneStepMatchesTheGateFormulasWrittenOut()
    {
        // x = 0.5, no previous state: z = x w + bias per gate, then c = i g, h = o tanh(c).
        double x = 0.5;
        double i = 1.0 / (1.0 + Math.Exp(-((x * 0.1) + 0.05)));
        double g = Math.Tanh((x * 0.3) - 0.1);
        double o = 1.0 / (1.0 + Math.Exp(-((x * 0.4) + 0.2)));
        double expected = o * Math.Tanh(i * g);

        foreach (bool reverse in new[] { false, true })
        {
            double[] h = LstmReference.Forward([x], [1], 1, 1, 1, HandW, HandU, HandBias, 1, reverse);
            Assert.That(h[0], Is.EqualTo(expected).Within(1e-15), $"reverse = {reverse}");
        }
    }

    [Test]
    public void TwoStepsMatchValuesComputedOutsideTheProject()
    {
        // x = 0.5, -1.5 then a padded step; expected values computed separately in Python from the formulas
        // in the class remarks (forward: 0 then 1; reverse: 1 then 0, starting at the last real step).
        double[] x = [0.5, -1.5, 9.0];
        double[] forward = LstmReference.Forward(x, [2], 1, 3, 1, HandW, HandU, HandBias, 1, reverse: false);
        double[] reverse = LstmReference.Forward(x, [2], 1, 3, 1, HandW, HandU, HandBias, 1, reverse: true);
        double[] both = BiLstmReference.Forward(x, [2], 1, 3, 1, HandW, HandU, HandBias, HandW, HandU, HandBias, 1);

        double[] expectedForward = [0.015698246137640214, -0.08404154316522594, 0.0];
        double[] expectedReverse = [-0.10963577917218512, -0.09365687550714294, 0.0];
        Assert.Multiple(() =>
        {
            Assert.That(forward, Is.EqualTo(expectedForward).Within(1e-15), "forward");
            Assert.That(reverse, Is.EqualTo(expectedReverse).Within(1e-15), "reverse");

            // [B, L, 2H] with the forward half first.
            Assert.That(
                both,
                Is.EqualTo(new[] { expectedForward[0], expectedReverse[0], expectedForward[1], expectedReverse[1], 0.0, 0.0 }).Within(1e-15),
                "bidirectional");
        });
    }

    [Test]
    public void ReverseDirectionEqualsForwardOnTheTimeReversedEvent()
    {
        // Reversing each event's real steps (and only those) turns one direction into the other.
        var c = new Case(3, 7, [5, 0, 7], 3, 4);
        var random = new ReferenceRandom(21);
        double[] x = random.Uniform(c.Batch * c.Steps * c.InChannels);
        double[] w = random.Uniform(c.InChannels * 4 * c.Hidden);
        double[] u = random.Uniform(c.Hidden * 4 * c.Hidden);
        double[] bias = random.Uniform(4 * c.Hidden);
        double[] flipped = ReverseRealSteps(x, c.Lengths, c.Batch, c.Steps, c.InChannels);

        double[] reverse = LstmReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, u, bias, c.Hidden, reverse: true);
        double[] forwardOnFlipped = LstmReference.Forward(flipped, c.Lengths, c.Batch, c.Steps, c.InChannels, w, u, bias, c.Hidden, reverse: false);
        Assert.That(reverse, Is.EqualTo(ReverseRealSteps(forwardOnFlipped, c.Lengths, c.Batch, c.Steps, c.Hidden)));
    }

    [TestCaseSource(nameof(Cases))]
    public void OneDirectionBackwardMatchesFiniteDifferences(Case c)
    {
        foreach (bool reverse in new[] { false, true })
        {
            var random = new ReferenceRandom(22);
            double[] x = random.Uniform(c.Batch * c.Steps * c.InChannels);
            double[] w = random.Uniform(c.InChannels * 4 * c.Hidden, -0.8, 0.8);
            double[] u = random.Uniform(c.Hidden * 4 * c.Hidden, -0.8, 0.8);
            double[] bias = random.Uniform(4 * c.Hidden, -0.5, 0.5);
            double[] dh = random.Uniform(c.Batch * c.Steps * c.Hidden);

            double Objective() => GradientCheck.Contract(
                LstmReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, u, bias, c.Hidden, reverse), dh);

            var (dx, dw, du, dbias) = LstmReference.Backward(
                x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, u, bias, c.Hidden, reverse, dh);
            string direction = reverse ? "reverse" : "forward";
            GradientCheck.AssertMatchesNumerical($"{direction} dx", Objective, x, dx);
            GradientCheck.AssertMatchesNumerical($"{direction} dw", Objective, w, dw);
            GradientCheck.AssertMatchesNumerical($"{direction} du", Objective, u, du);
            GradientCheck.AssertMatchesNumerical($"{direction} dbias", Objective, bias, dbias);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void BidirectionalBackwardMatchesFiniteDifferences(Case c)
    {
        var random = new ReferenceRandom(23);
        double[] x = random.Uniform(c.Batch * c.Steps * c.InChannels);
        double[] fw = random.Uniform(c.InChannels * 4 * c.Hidden, -0.8, 0.8);
        double[] fu = random.Uniform(c.Hidden * 4 * c.Hidden, -0.8, 0.8);
        double[] fb = random.Uniform(4 * c.Hidden, -0.5, 0.5);
        double[] rw = random.Uniform(c.InChannels * 4 * c.Hidden, -0.8, 0.8);
        double[] ru = random.Uniform(c.Hidden * 4 * c.Hidden, -0.8, 0.8);
        double[] rb = random.Uniform(4 * c.Hidden, -0.5, 0.5);
        double[] dy = random.Uniform(c.Batch * c.Steps * 2 * c.Hidden);

        double Objective() => GradientCheck.Contract(
            BiLstmReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, fw, fu, fb, rw, ru, rb, c.Hidden), dy);

        var (dx, f, r) = BiLstmReference.Backward(
            x, c.Lengths, c.Batch, c.Steps, c.InChannels, fw, fu, fb, rw, ru, rb, c.Hidden, dy);
        GradientCheck.AssertMatchesNumerical("dx", Objective, x, dx);
        GradientCheck.AssertMatchesNumerical("forward dw", Objective, fw, f.Dw);
        GradientCheck.AssertMatchesNumerical("forward du", Objective, fu, f.Du);
        GradientCheck.AssertMatchesNumerical("forward dbias", Objective, fb, f.Dbias);
        GradientCheck.AssertMatchesNumerical("reverse dw", Objective, rw, r.Dw);
        GradientCheck.AssertMatchesNumerical("reverse du", Objective, ru, r.Du);
        GradientCheck.AssertMatchesNumerical("reverse dbias", Objective, rb, r.Dbias);
    }

    [TestCaseSource(nameof(Cases))]
    public void PaddedInputsAndPaddedOutputGradientsChangeNothing(Case c)
    {
        var random = new ReferenceRandom(24);
        double[] x = random.Uniform(c.Batch * c.Steps * c.InChannels);
        double[] fw = random.Uniform(c.InChannels * 4 * c.Hidden);
        double[] fu = random.Uniform(c.Hidden * 4 * c.Hidden);
        double[] fb = random.Uniform(4 * c.Hidden);
        double[] rw = random.Uniform(c.InChannels * 4 * c.Hidden);
        double[] ru = random.Uniform(c.Hidden * 4 * c.Hidden);
        double[] rb = random.Uniform(4 * c.Hidden);
        double[] dy = random.Uniform(c.Batch * c.Steps * 2 * c.Hidden);
        double[] y = BiLstmReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, fw, fu, fb, rw, ru, rb, c.Hidden);
        var grads = BiLstmReference.Backward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, fw, fu, fb, rw, ru, rb, c.Hidden, dy);

        double[] xChanged = SequenceMasking.ScramblePadding(x, c.Lengths, c.Batch, c.Steps, c.InChannels, random);
        double[] dyChanged = SequenceMasking.ScramblePadding(dy, c.Lengths, c.Batch, c.Steps, 2 * c.Hidden, random);
        double[] yChanged = BiLstmReference.Forward(xChanged, c.Lengths, c.Batch, c.Steps, c.InChannels, fw, fu, fb, rw, ru, rb, c.Hidden);
        var changed = BiLstmReference.Backward(xChanged, c.Lengths, c.Batch, c.Steps, c.InChannels, fw, fu, fb, rw, ru, rb, c.Hidden, dyChanged);

        Assert.Multiple(() =>
        {
            Assert.That(yChanged, Is.EqualTo(y), "y");
            Assert.That(changed.Dx, Is.EqualTo(grads.Dx), "dx");
            Assert.That(changed.Forward.Dw, Is.EqualTo(grads.Forward.Dw), "forward dw");
            Assert.That(changed.Forward.Du, Is.EqualTo(grads.Forward.Du), "forward du");
            Assert.That(changed.Forward.Dbias, Is.EqualTo(grads.Forward.Dbias), "forward dbias");
            Assert.That(changed.Reverse.Dw, Is.EqualTo(grads.Reverse.Dw), "reverse dw");
            Assert.That(changed.Reverse.Du, Is.EqualTo(grads.Reverse.Du), "reverse du");
            Assert.That(changed.Reverse.Dbias, Is.EqualTo(grads.Reverse.Dbias), "reverse dbias");
            Assert.That(SequenceMasking.PaddedValues(y, c.Lengths, c.Batch, c.Steps, 2 * c.Hidden), Is.All.EqualTo(0.0), "padded y");
            Assert.That(SequenceMasking.PaddedValues(grads.Dx, c.Lengths, c.Batch, c.Steps, c.InChannels), Is.All.EqualTo(0.0), "padded dx");
        });
    }

    [Test]
    public void RejectsMisshapenWeights()
    {
        Assert.That(
            () => LstmReference.Forward(new double[2], [2], 1, 2, 1, new double[8], new double[4], new double[8], 2, reverse: false),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("u"));
    }

    /// <summary>Reverses the order of each event's real steps; padded steps stay where they are.</summary>
    private static double[] ReverseRealSteps(double[] values, int[] lengths, int batch, int steps, int channels)
    {
        var result = (double[])values.Clone();
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < lengths[b]; t++)
            {
                int source = lengths[b] - 1 - t;
                Array.Copy(values, ((b * steps) + source) * channels, result, ((b * steps) + t) * channels, channels);
            }
        }

        return result;
    }
}
