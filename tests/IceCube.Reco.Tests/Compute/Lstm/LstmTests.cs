using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The LSTM and bidirectional LSTM layers (fused recurrence kernels, GEMMs and column sums) against
/// <see cref="LstmReference"/> and <see cref="BiLstmReference"/> on awkward sizes, masking, and bad operands.
/// </summary>
[TestFixture]
internal sealed class LstmTests
{
    // Float against double through a handful of steps: errors sit near 1e-6; 1e-4 still catches any wrong term.
    private const double Tolerance = 1e-4;

    /// <summary>Shape of one comparison; the capacity may exceed the batch (the short last batch of an epoch).</summary>
    public sealed record Case(int Directions, int Steps, int[] Lengths, int InChannels, int Hidden, int Capacity)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"D={Directions} L={Steps} len=[{string.Join(",", Lengths)}] Cin={InChannels} H={Hidden} C={Capacity}";
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        Case[] cases =
        [
            new(1, 1, [1], 1, 1, 1),
            new(2, 1, [1], 1, 1, 1),
            new(1, 7, [7, 0, 3], 5, 3, 3),
            new(2, 7, [0, 4, 7], 3, 5, 4),
            new(2, 9, [9, 1, 6, 2, 9], 2, 6, 7),
            new(2, 5, [0], 3, 2, 2),
        ];
        foreach (var kind in TestDevices.All)
        {
            foreach (var c in cases)
            {
                yield return new TestCaseData(kind, c).SetArgDisplayNames(TestDevices.Display(kind), c.ToString());
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndBackwardMatchTheReference(DeviceKind kind, Case c)
    {
        var device = TestDevices.Get(kind);
        int batch = c.Lengths.Length;
        int outWidth = c.Directions * c.Hidden;
        var weights = LstmHarness.RandomWeights(c.Directions, c.InChannels, c.Hidden, seed: 21);
        var x = LstmHarness.RandomValues(batch * c.Steps * c.InChannels, seed: 22);
        var dy = LstmHarness.RandomValues(batch * c.Steps * outWidth, seed: 23);

        var run = LstmHarness.Run(device, weights, c.Steps, c.InChannels, c.Hidden, c.Capacity, c.Lengths, x, dy);
        var expectedY = LstmHarness.ReferenceForward(weights, c.Steps, c.InChannels, c.Hidden, c.Lengths, x);
        var (expectedDx, expectedGradients) =
            LstmHarness.ReferenceBackward(weights, c.Steps, c.InChannels, c.Hidden, c.Lengths, x, dy);

        GradientCheck.AssertClose("y", run.Output, expectedY, Tolerance);
        GradientCheck.AssertClose("dx", run.InputGradient!, expectedDx, Tolerance);
        for (int d = 0; d < c.Directions; d++)
        {
            GradientCheck.AssertClose($"dW[{d}]", run.Gradients[d].W, expectedGradients[d].W, Tolerance);
            GradientCheck.AssertClose($"dU[{d}]", run.Gradients[d].U, expectedGradients[d].U, Tolerance);
            GradientCheck.AssertClose($"dbias[{d}]", run.Gradients[d].Bias, expectedGradients[d].Bias, Tolerance);
        }

        // Padded steps are exactly zero in the output and the input gradient.
        for (int b = 0; b < batch; b++)
        {
            for (int t = c.Lengths[b]; t < c.Steps; t++)
            {
                for (int k = 0; k < outWidth; k++)
                {
                    Assert.That(run.Output[((b * c.Steps) + t) * outWidth + k], Is.Zero, $"y[{b}, {t}, {k}]");
                }

                for (int k = 0; k < c.InChannels; k++)
                {
                    Assert.That(run.InputGradient![((b * c.Steps) + t) * c.InChannels + k], Is.Zero, $"dx[{b}, {t}, {k}]");
                }
            }
        }
    }

    /// <summary>
    /// The grouped kernels (CUDA's choice: thread groups, shared memory, barriers) on a CPU device whose groups are
    /// large enough, against the reference, and against the per-event kernels on the same device: the same
    /// arithmetic in the same order, so bit for bit.
    /// </summary>
    [TestCaseSource(nameof(GroupedCases))]
    public void GroupedVariantMatchesTheReferenceAndThePerEventKernels(Case c)
    {
        var device = TestDevices.TiledCpu();
        var lstm = (IlgpuLstmOps)device.Ops.Lstm;
        int batch = c.Lengths.Length;
        var weights = LstmHarness.RandomWeights(c.Directions, c.InChannels, c.Hidden, seed: 24);
        var x = LstmHarness.RandomValues(batch * c.Steps * c.InChannels, seed: 25);
        var dy = LstmHarness.RandomValues(batch * c.Steps * c.Directions * c.Hidden, seed: 26);

        Assert.That(lstm.Variant, Is.EqualTo(LstmVariant.Grouped));
        var grouped = LstmHarness.Run(device, weights, c.Steps, c.InChannels, c.Hidden, c.Capacity, c.Lengths, x, dy);
        LstmHarness.Result perEvent;
        try
        {
            lstm.Variant = LstmVariant.PerEvent;
            perEvent = LstmHarness.Run(device, weights, c.Steps, c.InChannels, c.Hidden, c.Capacity, c.Lengths, x, dy);
        }
        finally
        {
            lstm.Variant = LstmVariant.Grouped;
        }

        var expectedY = LstmHarness.ReferenceForward(weights, c.Steps, c.InChannels, c.Hidden, c.Lengths, x);
        var (expectedDx, expectedGradients) =
            LstmHarness.ReferenceBackward(weights, c.Steps, c.InChannels, c.Hidden, c.Lengths, x, dy);
        GradientCheck.AssertClose("y", grouped.Output, expectedY, Tolerance);
        GradientCheck.AssertClose("dx", grouped.InputGradient!, expectedDx, Tolerance);
        Assert.That(grouped.Output, Is.EqualTo(perEvent.Output), "y: grouped vs per-event");
        Assert.That(grouped.InputGradient, Is.EqualTo(perEvent.InputGradient), "dx: grouped vs per-event");
        for (int d = 0; d < c.Directions; d++)
        {
            GradientCheck.AssertClose($"dU[{d}]", grouped.Gradients[d].U, expectedGradients[d].U, Tolerance);
            GradientCheck.AssertClose($"dW[{d}]", grouped.Gradients[d].W, expectedGradients[d].W, Tolerance);
            Assert.That(grouped.Gradients[d].U, Is.EqualTo(perEvent.Gradients[d].U), $"dU[{d}]: grouped vs per-event");
            Assert.That(grouped.Gradients[d].Bias, Is.EqualTo(perEvent.Gradients[d].Bias), $"dbias[{d}]: grouped vs per-event");
        }
    }

    // Batches that leave the last group of four short, events of length 0 and L, one and two directions.
    private static IEnumerable<TestCaseData> GroupedCases()
    {
        Case[] cases =
        [
            new(1, 4, [4, 1, 0], 2, 3, 3),
            new(2, 6, [0, 6, 2, 5, 1], 3, 5, 6),
            new(2, 3, [3], 1, 2, 1),
        ];
        return cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void PaddedInputsAndGradientsChangeNothingAtRealSteps(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        const int steps = 6, inChannels = 3, hidden = 4;
        int[] lengths = [2, 6, 0, 4];
        int batch = lengths.Length;
        var weights = LstmHarness.RandomWeights(2, inChannels, hidden, seed: 31);
        var x = LstmHarness.RandomValues(batch * steps * inChannels, seed: 32);
        var dy = LstmHarness.RandomValues(batch * steps * 2 * hidden, seed: 33);

        // Other values, large ones, at every padded step of the input and of the output gradient.
        var otherX = (double[])x.Clone();
        var otherDy = (double[])dy.Clone();
        var noise = LstmHarness.RandomValues(x.Length + dy.Length, seed: 34, low: -50.0, high: 50.0);
        for (int b = 0; b < batch; b++)
        {
            for (int t = lengths[b]; t < steps; t++)
            {
                for (int c = 0; c < inChannels; c++)
                {
                    int i = ((b * steps) + t) * inChannels + c;
                    otherX[i] = noise[i];
                }

                for (int k = 0; k < 2 * hidden; k++)
                {
                    int i = ((b * steps) + t) * 2 * hidden + k;
                    otherDy[i] = noise[x.Length + i];
                }
            }
        }

        var first = LstmHarness.Run(device, weights, steps, inChannels, hidden, batch, lengths, x, dy);
        var second = LstmHarness.Run(device, weights, steps, inChannels, hidden, batch, lengths, otherX, otherDy);

        Assert.That(second.Output, Is.EqualTo(first.Output));
        Assert.That(second.InputGradient, Is.EqualTo(first.InputGradient));
        for (int d = 0; d < 2; d++)
        {
            Assert.That(second.Gradients[d].W, Is.EqualTo(first.Gradients[d].W), $"dW[{d}]");
            Assert.That(second.Gradients[d].U, Is.EqualTo(first.Gradients[d].U), $"dU[{d}]");
            Assert.That(second.Gradients[d].Bias, Is.EqualTo(first.Gradients[d].Bias), $"dbias[{d}]");
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void RepeatedRunsGiveIdenticalResults(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        int[] lengths = [5, 3, 1];
        var weights = LstmHarness.RandomWeights(2, 4, 3, seed: 41);
        var x = LstmHarness.RandomValues(3 * 5 * 4, seed: 42);
        var dy = LstmHarness.RandomValues(3 * 5 * 6, seed: 43);

        var first = LstmHarness.Run(device, weights, 5, 4, 3, 3, lengths, x, dy);
        var second = LstmHarness.Run(device, weights, 5, 4, 3, 3, lengths, x, dy);

        Assert.That(second.Output, Is.EqualTo(first.Output));
        Assert.That(second.InputGradient, Is.EqualTo(first.InputGradient));
        Assert.That(second.Gradients[1].U, Is.EqualTo(first.Gradients[1].U));
    }

    [Test]
    public void BackwardWithoutInputGradientStillWritesParameterGradients()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        int[] lengths = [3, 2];
        var weights = LstmHarness.RandomWeights(1, 2, 2, seed: 51);
        var x = LstmHarness.RandomValues(2 * 3 * 2, seed: 52);
        var dy = LstmHarness.RandomValues(2 * 3 * 2, seed: 53);

        var run = LstmHarness.Run(device, weights, 3, 2, 2, 2, lengths, x, dy, computeInputGradient: false);
        var (_, expected) = LstmHarness.ReferenceBackward(weights, 3, 2, 2, lengths, x, dy);

        Assert.That(run.InputGradient, Is.Null);
        GradientCheck.AssertClose("dU", run.Gradients[0].U, expected[0].U, Tolerance);
    }

    [Test]
    public void BadShapesAndStatesAreRejectedWithTheLayerName()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BiLstm("bilstm_bad", 0));

        using var layer = new BiLstm("bilstm_named", 3);
        var ex = Assert.Throws<ArgumentException>(() => layer.OutputShape([5]));
        Assert.That(ex!.Message, Does.Contain("bilstm_named"));
        Assert.That(layer.OutputShape([5, 2]), Is.EqualTo(new[] { 5, 6 }));

        using var lengths = device.Pool.Rent(4);
        lengths.Upload([1f, 1f, 1f, 1f]);
        var context = new BatchContext { BatchSize = 2, Lengths = lengths };
        using var x = device.Pool.Rent(2, 5, 2);
        Assert.Throws<InvalidOperationException>(() => layer.Forward(context, x));

        layer.Build(device, [5, 2], capacity: 4, seed: 3);
        using var wrong = device.Pool.Rent(2, 5, 3);
        ex = Assert.Throws<ArgumentException>(() => layer.Forward(context, wrong));
        Assert.That(ex!.Message, Does.Contain("bilstm_named"));
        using var dy = device.Pool.Rent(2, 5, 6);
        Assert.Throws<InvalidOperationException>(() => layer.Backward(context, dy, true));
    }

    [Test]
    public void RecurrenceOpRejectsMismatchedBuffers()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var lengths = device.Pool.Rent(2);
        using var gates = device.Pool.Rent(2, 2, 3, 8);
        using var cells = device.Pool.Rent(2, 2, 3, 2);
        using var previous = device.Pool.Rent(2, 2, 3, 2);
        using var output = device.Pool.Rent(2, 3, 4);
        using var u = device.Pool.Rent(2, 8);
        using var badU = device.Pool.Rent(3, 8);

        var ex = Assert.Throws<ArgumentException>(
            () => device.Ops.Lstm.Forward(2, lengths, gates, cells, previous, output, u, badU));
        Assert.That(ex!.ParamName, Is.EqualTo("reverseRecurrentKernel"));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => device.Ops.Lstm.Forward(3, lengths, gates, cells, previous, output, u, u));
        ex = Assert.Throws<ArgumentException>(
            () => device.Ops.Lstm.Forward(2, lengths, gates, previous, cells, output.Reshape(2, 12), u, u));
        Assert.That(ex!.ParamName, Is.EqualTo("output"));
    }
}
