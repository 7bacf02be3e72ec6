using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The LSTM layers' inference forward pass (<see cref="LstmOps.Inference"/>, used when
/// <see cref="BatchContext.Training"/> is false) against the training forward pass and the double reference, on every
/// device: masking, padded steps, every vector width and thread count on the host, and no backward pass after it.
/// </summary>
[TestFixture]
internal sealed class LstmInferenceTests
{
    // Inference against the training forward, relative L2 over the output. Both are float computations of the same
    // function: on the host the fused pass sums bias + x W in another order than the training GEMM and uses the
    // one-division sigmoid and tanh (within ~1e-7 of the training forward's); on ILGPU both run the same kernels.
    // Measured: 1.7e-7 to 2.9e-7 on the host, exactly 0 on ILGPU; 2e-6 still catches any wrong term, step or weight.
    private const double AgreementTolerance = 2e-6;

    // Float against double through a handful of steps, as in LstmTests.
    private const double ReferenceTolerance = 1e-4;

    private static IEnumerable<TestCaseData> Cases()
    {
        LstmTests.Case[] cases =
        [
            new(1, 7, [7, 0, 3], 5, 3, 3),
            new(2, 6, [6, 1, 4, 6, 3], 4, 16, 7),
            new(2, 5, [0, 5, 2], 3, 5, 3),
            new(1, 4, [4, 2, 4, 1, 3, 4], 2, 20, 6),
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
    public void MatchesTheTrainingForwardAndTheReference(DeviceKind kind, LstmTests.Case c)
    {
        var device = TestDevices.Get(kind);
        int batch = c.Lengths.Length;
        int outWidth = c.Directions * c.Hidden;
        var weights = LstmHarness.RandomWeights(c.Directions, c.InChannels, c.Hidden, seed: 61);
        var x = LstmHarness.RandomValues(batch * c.Steps * c.InChannels, seed: 62);

        var training = LstmHarness.Run(device, weights, c.Steps, c.InChannels, c.Hidden, c.Capacity, c.Lengths, x, null);
        var inference = LstmHarness.Run(
            device, weights, c.Steps, c.InChannels, c.Hidden, c.Capacity, c.Lengths, x, null, training: false);
        var expected = LstmHarness.ReferenceForward(weights, c.Steps, c.InChannels, c.Hidden, c.Lengths, x);

        GradientCheck.AssertClose("y (inference against training)", inference.Output, training.Output, AgreementTolerance);
        GradientCheck.AssertClose("y (inference against the reference)", inference.Output, expected, ReferenceTolerance);
        for (int b = 0; b < batch; b++)
        {
            for (int t = c.Lengths[b]; t < c.Steps; t++)
            {
                for (int k = 0; k < outWidth; k++)
                {
                    Assert.That(inference.Output[(((b * c.Steps) + t) * outWidth) + k], Is.Zero, $"y[{b}, {t}, {k}]");
                }
            }
        }
    }

    [Test]
    public void EveryWidthAndThreadCountGiveTheSameBits()
    {
        // Five events: one full block of four and a block with one event, both directions, H = 20 = one 16-lane
        // register plus a tail of four units.
        var device = TestDevices.Get(DeviceKind.HostSimd);
        var c = new LstmTests.Case(2, 6, [6, 2, 5, 0, 6], 3, 20, 6);
        int batch = c.Lengths.Length;
        var weights = LstmHarness.RandomWeights(c.Directions, c.InChannels, c.Hidden, seed: 71);
        var x = LstmHarness.RandomValues(batch * c.Steps * c.InChannels, seed: 72);
        HostVariants.AssertAllAgree(() =>
        [
            LstmHarness.Run(
                device, weights, c.Steps, c.InChannels, c.Hidden, c.Capacity, c.Lengths, x, null, training: false)
                .Output.Select(v => (float)v).ToArray(),
        ]);
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void BackwardAfterAnInferenceForwardThrows(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        const int batch = 2, steps = 3, inChannels = 2, hidden = 3;
        using var layer = new BiLstm("bilstm_inference", hidden);
        layer.Build(device, [steps, inChannels], batch, seed: 5);
        using var lengths = device.Pool.Rent(batch);
        lengths.Upload([3f, 2f]);
        using var x = device.Pool.Rent(batch, steps, inChannels);
        x.Upload(LstmHarness.RandomValues(batch * steps * inChannels, seed: 73).Select(v => (float)v).ToArray());
        using var dy = device.Pool.Rent(batch, steps, 2 * hidden);
        var context = new BatchContext { BatchSize = batch, Lengths = lengths, Training = false, Step = 1, Seed = 1 };

        layer.Forward(context, x);
        var error = Assert.Throws<InvalidOperationException>(() => layer.Backward(context, dy, computeInputGradient: true));
        Assert.That(error!.Message, Does.Contain("bilstm_inference").And.Contain("training forward pass"));

        // A training forward pass makes the backward pass possible again.
        context.Training = true;
        layer.Forward(context, x);
        Assert.That(layer.Backward(context, dy, computeInputGradient: true), Is.Not.Null);
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void BadOperandsAreRejectedByTheSharedValidation(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        using var lengths = device.Pool.Rent(2);
        using var input = device.Pool.Rent(2, 3, 5);
        using var output = device.Pool.Rent(2, 3, 4);
        using var gates = device.Pool.Rent(2, 2, 3, 8);
        using var cells = device.Pool.Rent(2, 2, 3, 2);
        using var previousHidden = device.Pool.Rent(2, 2, 3, 2);
        using var w = device.Pool.Rent(5, 8);
        using var wrongW = device.Pool.Rent(4, 8);
        using var u = device.Pool.Rent(2, 8);
        using var bias = device.Pool.Rent(8);

        var wrongKernel = Assert.Throws<ArgumentException>(() => device.Ops.Lstm.Inference(
            2, lengths, input, output, wrongW, u, bias, w, u, bias, gates, cells, previousHidden));
        Assert.That(wrongKernel!.ParamName, Is.EqualTo("forwardKernel"));
        var missingBias = Assert.Throws<ArgumentNullException>(() => device.Ops.Lstm.Inference(
            2, lengths, input, output, w, u, bias, w, u, null, gates, cells, previousHidden));
        Assert.That(missingBias!.ParamName, Is.EqualTo("reverseBias"));
        var wrongInput = Assert.Throws<ArgumentException>(() => device.Ops.Lstm.Inference(
            1, lengths, input, output.Slice(0, 1), w, u, bias, w, u, bias, gates, cells, previousHidden));
        Assert.That(wrongInput!.ParamName, Is.EqualTo("input"));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Ops.Lstm.Inference(
            3, lengths, input, output, w, u, bias, w, u, bias, gates, cells, previousHidden));
    }

    [Test]
    public void AllocatesNothingOnceWarm()
    {
        // On one thread every block runs on the calling thread, so the per-thread counter sees all of the work.
        var device = TestDevices.Get(DeviceKind.HostSimd);
        const int batch = 6, steps = 5, inChannels = 3, hidden = 8;
        using var layer = new BiLstm("bilstm_allocation", hidden);
        layer.Build(device, [steps, inChannels], batch, seed: 6);
        using var lengths = device.Pool.Rent(batch);
        lengths.Upload([5f, 3f, 0f, 5f, 1f, 4f]);
        using var x = device.Pool.Rent(batch, steps, inChannels);
        x.Upload(LstmHarness.RandomValues(batch * steps * inChannels, seed: 74).Select(v => (float)v).ToArray());
        var context = new BatchContext { BatchSize = batch, Lengths = lengths, Training = false, Step = 1, Seed = 1 };
        int savedThreads = HostParallel.ThreadCount;
        try
        {
            HostParallel.ThreadCount = 1;
            layer.Forward(context, x);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 3; i++)
            {
                layer.Forward(context, x);
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        }
        finally
        {
            HostParallel.ThreadCount = savedThreads;
        }
    }
}
