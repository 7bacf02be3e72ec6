using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The Conv1D kernels and layer against <see cref="Conv1DReference"/>: awkward shapes (L = 1, lengths 0 and L, B = 1,
/// an empty batch, K = 1, K &gt; L, more steps than the column sums' chunks), the whole layer's gradients against
/// central differences of the reference, masking, initialisation and operand checks.
/// </summary>
[TestFixture]
internal sealed class Conv1DTests
{
    private static readonly Conv1DReferenceTests.Case[] Cases =
    [
        new(1, 1, [1], 1, 1, 3, ReferenceActivation.Linear),
        new(1, 1, [0], 2, 3, 3, ReferenceActivation.Sigmoid),
        new(3, 7, [0, 4, 7], 3, 5, 3, ReferenceActivation.Relu),
        new(3, 7, [7, 1, 3], 5, 3, 5, ReferenceActivation.Sigmoid),
        new(2, 5, [5, 2], 6, 8, 1, ReferenceActivation.Tanh),
        new(2, 4, [4, 3], 3, 2, 9, ReferenceActivation.Linear),
        new(3, 13, [13, 5, 9], 2, 3, 3, ReferenceActivation.Tanh),
        new(0, 4, [], 3, 2, 3, ReferenceActivation.Tanh),
    ];

    private static IEnumerable<TestCaseData> DeviceCases() =>
        from kind in TestDevices.All
        from c in Cases
        select new TestCaseData(kind, c).SetArgDisplayNames(TestDevices.Display(kind), c.ToString());

    [TestCaseSource(nameof(DeviceCases))]
    public void KernelsMatchReference(DeviceKind kind, Conv1DReferenceTests.Case c)
    {
        var device = TestDevices.Get(kind);
        var data = Data.Create(c, seed: 21);
        using var x = LayerHarness.Upload(device, data.X, c.Batch, c.Steps, c.InChannels);
        using var w = LayerHarness.Upload(device, data.W, c.KernelSize, c.InChannels, c.OutChannels);
        using var bias = LayerHarness.Upload(device, data.Bias, c.OutChannels);
        using var dy = LayerHarness.Upload(device, data.Dy, c.Batch, c.Steps, c.OutChannels);
        using var y = device.Pool.Rent(c.Batch, c.Steps, c.OutChannels);
        using var dz = device.Pool.Rent(c.Batch, c.Steps, c.OutChannels);
        using var dx = device.Pool.Rent(c.Batch, c.Steps, c.InChannels);
        using var dw = device.Pool.Rent(c.KernelSize, c.InChannels, c.OutChannels);
        using var dbias = device.Pool.Rent(c.OutChannels);
        using var columns = device.Pool.Rent(c.Batch, c.Steps, c.KernelSize * c.InChannels);
        using var dColumns = device.Pool.Rent(c.Batch, c.Steps, c.KernelSize * c.InChannels);
        var context = LayerHarness.Context(device, c.Lengths);
        using var lengths = context.Lengths;

        // Stale NaNs in every output buffer: each element must be written, padded ones included.
        foreach (var buffer in new[] { y, dz, dx, dw, dbias, columns, dColumns })
        {
            device.Ops.Elementwise.Fill(buffer, float.NaN);
        }

        var activation = ToPublic(c.Activation).ToKernel();
        device.Ops.Conv1D.Forward(x, lengths, w, bias, columns, y, activation);
        device.Ops.Conv1D.Backward(lengths, w, columns, y, dy, activation, dz, dColumns, dw, dbias, dx);

        double[] expectedY = data.Forward(c);
        var (expectedDx, expectedDw, expectedDbias) = data.Backward(c);
        float[] gotY = y.ToArray();
        float[] gotDx = dx.ToArray();
        Assert.Multiple(() =>
        {
            GradientCheck.AssertClose("y", gotY, expectedY, 1e-5);
            GradientCheck.AssertClose("dx", gotDx, expectedDx, 1e-5);
            GradientCheck.AssertClose("dw", dw.ToArray(), expectedDw, 1e-5);
            GradientCheck.AssertClose("dbias", dbias.ToArray(), expectedDbias, 1e-5);
            Assert.That(SequenceMasking.PaddedValues(LayerHarness.Widen(gotY), c.Lengths, c.Batch, c.Steps, c.OutChannels), Is.All.EqualTo(0.0), "padded y");
            Assert.That(SequenceMasking.PaddedValues(LayerHarness.Widen(gotDx), c.Lengths, c.Batch, c.Steps, c.InChannels), Is.All.EqualTo(0.0), "padded dx");
        });
    }

    [TestCaseSource(nameof(DeviceCases))]
    public void LayerGradientsMatchFiniteDifferencesOfTheReference(DeviceKind kind, Conv1DReferenceTests.Case c)
    {
        var device = TestDevices.Get(kind);
        var data = Data.Create(c, seed: 22);
        double[] x = data.X, w = data.W, bias = data.Bias;
        var (gotDx, gotDw, gotDbias) = RunLayer(device, c, data, data.X, data.Dy);

        double Objective() => GradientCheck.Contract(
            Conv1DReference.Forward(x, c.Lengths, c.Batch, c.Steps, c.InChannels, w, bias, c.KernelSize, c.OutChannels, c.Activation),
            data.Dy);

        Assert.Multiple(() =>
        {
            GradientCheck.AssertClose("dx", gotDx, GradientCheck.Numerical(Objective, x));
            GradientCheck.AssertClose("dw", gotDw, GradientCheck.Numerical(Objective, w));
            GradientCheck.AssertClose("dbias", gotDbias, GradientCheck.Numerical(Objective, bias));
        });
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void PaddedInputsAndGradientsChangeNothingAtRealPositions(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        var c = new Conv1DReferenceTests.Case(3, 6, [2, 6, 0], 4, 3, 3, ReferenceActivation.Sigmoid);
        var data = Data.Create(c, seed: 23);
        var random = new ReferenceRandom(24);
        double[] xScrambled = SequenceMasking.ScramblePadding(data.X, c.Lengths, c.Batch, c.Steps, c.InChannels, random);
        double[] dyScrambled = SequenceMasking.ScramblePadding(data.Dy, c.Lengths, c.Batch, c.Steps, c.OutChannels, random);

        var (y1, dx1, dw1, dbias1) = RunLayerWithOutput(device, c, data, data.X, data.Dy);
        var (y2, dx2, dw2, dbias2) = RunLayerWithOutput(device, c, data, xScrambled, dyScrambled);
        Assert.Multiple(() =>
        {
            Assert.That(y2, Is.EqualTo(y1), "y");
            Assert.That(dx2, Is.EqualTo(dx1), "dx");
            Assert.That(dw2, Is.EqualTo(dw1), "dw");
            Assert.That(dbias2, Is.EqualTo(dbias1), "dbias");
        });
    }

    [Test]
    public void InitialisationIsSeededGlorotUniformWithZeroBias()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        const int k = 3, cin = 5, cout = 8;
        float[] Weights(ulong seed, out float[] bias)
        {
            using var layer = new Conv1D("conv", cout, k);
            layer.Build(device, [10, cin], 2, seed);
            bias = layer.Parameters[1].Value.ToArray();
            return layer.Parameters[0].Value.ToArray();
        }

        float[] a = Weights(7, out float[] biasA);
        float[] b = Weights(7, out _);
        float[] other = Weights(8, out _);

        // Keras' fans for a convolution kernel: fan_in = K * Cin, fan_out = K * Cout.
        double limit = Math.Sqrt(6.0 / ((k * cin) + (k * cout)));
        Assert.Multiple(() =>
        {
            Assert.That(a, Has.Length.EqualTo(k * cin * cout));
            Assert.That(b, Is.EqualTo(a), "same seed, same weights");
            Assert.That(other, Is.Not.EqualTo(a), "another seed, other weights");
            Assert.That(a.Max(Math.Abs), Is.LessThanOrEqualTo(limit));
            Assert.That(a.Max(Math.Abs), Is.GreaterThan(0.8 * limit), "the draws span the range");
            Assert.That(biasA, Is.All.EqualTo(0f));
        });
    }

    [Test]
    public void BadShapesAreRejectedWithTheirNames()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var x = device.Pool.Rent(2, 5, 3);
        using var y = device.Pool.Rent(2, 5, 4);
        using var w = device.Pool.Rent(3, 3, 4);
        using var evenW = device.Pool.Rent(2, 3, 4);
        using var bias = device.Pool.Rent(4);
        using var shortLengths = device.Pool.Rent(1);
        using var lengths = device.Pool.Rent(2);
        using var columns = device.Pool.Rent(2, 5, 9);
        Assert.Multiple(() =>
        {
            Assert.That(
                () => device.Ops.Conv1D.Forward(x, lengths, evenW, bias, columns, y, default),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("weights"));
            Assert.That(
                () => device.Ops.Conv1D.Forward(x, shortLengths, w, bias, columns, y, default),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("lengths"));
            Assert.That(
                () => device.Ops.Conv1D.Forward(x, lengths, w, bias, columns, x, default),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => new Conv1D("c", 4, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(
                () => new Conv1D("conv7", 4, 3).OutputShape([5]),
                Throws.ArgumentException.With.Message.Contains("conv7"));
        });
    }

    /// <summary>The public activation a reference activation stands for.</summary>
    internal static Activation ToPublic(ReferenceActivation activation) => activation switch
    {
        ReferenceActivation.Relu => Activation.Relu,
        ReferenceActivation.Tanh => Activation.Tanh,
        ReferenceActivation.Sigmoid => Activation.Sigmoid,
        _ => Activation.Linear,
    };

    private static (float[] Dx, float[] Dw, float[] Dbias) RunLayer(
        Device device, Conv1DReferenceTests.Case c, Data data, double[] x, double[] dy)
    {
        var (_, dx, dw, dbias) = RunLayerWithOutput(device, c, data, x, dy);
        return (dx, dw, dbias);
    }

    private static (float[] Y, float[] Dx, float[] Dw, float[] Dbias) RunLayerWithOutput(
        Device device, Conv1DReferenceTests.Case c, Data data, double[] x, double[] dy)
    {
        using var layer = new Conv1D("conv", c.OutChannels, c.KernelSize, ToPublic(c.Activation));
        layer.Build(device, [c.Steps, c.InChannels], Math.Max(1, c.Batch), seed: 1);
        LayerHarness.Set(layer.Parameters[0], data.W);
        LayerHarness.Set(layer.Parameters[1], data.Bias);
        var context = LayerHarness.Context(device, c.Lengths);
        using var lengths = context.Lengths;
        using var input = LayerHarness.Upload(device, x, c.Batch, c.Steps, c.InChannels);
        using var outputGradient = LayerHarness.Upload(device, dy, c.Batch, c.Steps, c.OutChannels);
        float[] y = layer.Forward(context, input).ToArray();
        float[] dx = layer.Backward(context, outputGradient, computeInputGradient: true)!.ToArray();
        return (y, dx, layer.Parameters[0].Gradient.ToArray(), layer.Parameters[1].Gradient.ToArray());
    }

    /// <summary>Float-representable test data for one case, with the reference's view of it.</summary>
    private sealed record Data(double[] X, double[] W, double[] Bias, double[] Dy)
    {
        public static Data Create(Conv1DReferenceTests.Case c, int seed)
        {
            var random = new ReferenceRandom(seed);
            var data = new Data(
                LayerHarness.RoundToFloat(random.Uniform(c.Batch * c.Steps * c.InChannels)),
                LayerHarness.RoundToFloat(random.Uniform(c.KernelSize * c.InChannels * c.OutChannels, -0.7, 0.7)),
                LayerHarness.RoundToFloat(random.Uniform(c.OutChannels, -0.3, 0.3)),
                LayerHarness.RoundToFloat(random.Uniform(c.Batch * c.Steps * c.OutChannels)));
            if (c.Activation == ReferenceActivation.Relu)
            {
                // Finite differences and float-vs-double comparisons are meaningless across ReLU's kink.
                double[] z = Conv1DReference.Forward(
                    data.X, c.Lengths, c.Batch, c.Steps, c.InChannels, data.W, data.Bias, c.KernelSize, c.OutChannels, ReferenceActivation.Linear);
                double[] real = SequenceMasking.RealValues(z, c.Lengths, c.Batch, c.Steps, c.OutChannels);
                Assert.That(real.Min(Math.Abs), Is.GreaterThan(1e-3), "test point too close to the ReLU kink; change the seed");
            }

            return data;
        }

        public double[] Forward(Conv1DReferenceTests.Case c) =>
            Conv1DReference.Forward(X, c.Lengths, c.Batch, c.Steps, c.InChannels, W, Bias, c.KernelSize, c.OutChannels, c.Activation);

        public (double[] Dx, double[] Dw, double[] Dbias) Backward(Conv1DReferenceTests.Case c) =>
            Conv1DReference.Backward(X, c.Lengths, c.Batch, c.Steps, c.InChannels, W, Bias, c.KernelSize, c.OutChannels, c.Activation, Dy);
    }
}
