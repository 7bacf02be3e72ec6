using IceCube.Reco.Tests.Compute;
using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// The Dense layer (GEMM + bias + activation) against <see cref="DenseReference"/>, its gradients against central
/// differences of the reference, and its initialisation.
/// </summary>
[TestFixture]
internal sealed class DenseTests
{
    /// <summary>(B, In, Out, activation): B = 1, an empty batch, sizes off the 4 x 4 GEMM block.</summary>
    private static readonly (int Batch, int Inputs, int Outputs, ReferenceActivation Activation)[] Shapes =
    [
        (1, 1, 1, ReferenceActivation.Linear), (5, 32, 16, ReferenceActivation.Relu), (7, 16, 8, ReferenceActivation.Tanh),
        (3, 8, 3, ReferenceActivation.Sigmoid), (0, 4, 2, ReferenceActivation.Relu),
    ];

    private static IEnumerable<TestCaseData> DeviceCases() =>
        from kind in TestDevices.All
        from s in Shapes
        select new TestCaseData(kind, s.Batch, s.Inputs, s.Outputs, s.Activation)
            .SetArgDisplayNames(TestDevices.Display(kind), $"B={s.Batch} In={s.Inputs} Out={s.Outputs} {s.Activation}");

    [TestCaseSource(nameof(DeviceCases))]
    public void LayerMatchesReferenceAndFiniteDifferences(
        DeviceKind kind, int batch, int inputs, int outputs, ReferenceActivation activation)
    {
        var device = TestDevices.Get(kind);
        var random = new ReferenceRandom(41);
        double[] x = LayerHarness.RoundToFloat(random.Uniform(batch * inputs));
        double[] w = LayerHarness.RoundToFloat(random.Uniform(inputs * outputs, -0.6, 0.6));
        double[] bias = LayerHarness.RoundToFloat(random.Uniform(outputs, -0.3, 0.3));
        double[] dy = LayerHarness.RoundToFloat(random.Uniform(batch * outputs));
        if (activation == ReferenceActivation.Relu && batch > 0)
        {
            double[] z = DenseReference.Forward(x, batch, inputs, w, bias, outputs, ReferenceActivation.Linear);
            Assert.That(z.Min(Math.Abs), Is.GreaterThan(1e-3), "test point too close to the ReLU kink; change the seed");
        }

        using var layer = new Dense("dense", outputs, Conv1DTests.ToPublic(activation));
        layer.Build(device, [inputs], Math.Max(1, batch), seed: 3);
        LayerHarness.Set(layer.Parameters[0], w);
        LayerHarness.Set(layer.Parameters[1], bias);
        var context = LayerHarness.Context(device, new int[batch]);
        using var lengths = context.Lengths;
        using var input = LayerHarness.Upload(device, x, batch, inputs);
        using var outputGradient = LayerHarness.Upload(device, dy, batch, outputs);
        float[] y = layer.Forward(context, input).ToArray();
        float[] dx = layer.Backward(context, outputGradient, computeInputGradient: true)!.ToArray();
        float[] dw = layer.Parameters[0].Gradient.ToArray();
        float[] dbias = layer.Parameters[1].Gradient.ToArray();

        var expected = DenseReference.Backward(x, batch, inputs, w, bias, outputs, activation, dy);
        double Objective() => GradientCheck.Contract(DenseReference.Forward(x, batch, inputs, w, bias, outputs, activation), dy);
        Assert.Multiple(() =>
        {
            GradientCheck.AssertClose("y", y, DenseReference.Forward(x, batch, inputs, w, bias, outputs, activation), 1e-5);
            GradientCheck.AssertClose("dx", dx, expected.Dx, 1e-5);
            GradientCheck.AssertClose("dw", dw, expected.Dw, 1e-5);
            GradientCheck.AssertClose("dbias", dbias, expected.Dbias, 1e-5);
            GradientCheck.AssertClose("dx vs finite differences", dx, GradientCheck.Numerical(Objective, x));
            GradientCheck.AssertClose("dw vs finite differences", dw, GradientCheck.Numerical(Objective, w));
            GradientCheck.AssertClose("dbias vs finite differences", dbias, GradientCheck.Numerical(Objective, bias));
        });
    }

    [Test]
    public void BackwardWithoutInputGradientStillWritesParameterGradients()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var layer = new Dense("first", 3, Activation.Tanh);
        layer.Build(device, [2], 4, seed: 5);
        layer.Parameters[0].Gradient.Upload(new float[6]);
        var context = LayerHarness.Context(device, new int[4]);
        using var lengths = context.Lengths;
        using var input = LayerHarness.Upload(device, [1, 2, 3, 4, 5, 6, 7, 8], 4, 2);
        using var outputGradient = LayerHarness.Upload(device, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 4, 3);
        layer.Forward(context, input);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Backward(context, outputGradient, computeInputGradient: false), Is.Null);
            Assert.That(layer.Parameters[0].Gradient.ToArray(), Has.Some.Not.EqualTo(0f));
        });
    }

    [Test]
    public void InitialisationIsSeededGlorotUniformWithZeroBias()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var a = new Dense("a", 16);
        using var b = new Dense("b", 16);
        a.Build(device, [32], 2, seed: 9);
        b.Build(device, [32], 2, seed: 9);
        float[] wa = a.Parameters[0].Value.ToArray();
        double limit = Math.Sqrt(6.0 / (32 + 16));
        Assert.Multiple(() =>
        {
            Assert.That(b.Parameters[0].Value.ToArray(), Is.EqualTo(wa));
            Assert.That(wa.Max(Math.Abs), Is.LessThanOrEqualTo(limit).And.GreaterThan(0.8 * limit));
            Assert.That(a.Parameters[1].Value.ToArray(), Is.All.EqualTo(0f));
            Assert.That(() => a.OutputShape([4, 5]), Throws.ArgumentException.With.Message.Contains("'a'"));
        });
    }
}
