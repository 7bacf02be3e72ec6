using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The pooling kernels and layer against <see cref="GlobalAveragePooling1DReference"/> on awkward shapes, the layer's
/// gradient against central differences of the reference, and masking.
/// </summary>
[TestFixture]
internal sealed class GlobalAveragePooling1DTests
{
    /// <summary>(B, L, lengths, C): L = 1, B = 1, lengths 0 and L, an empty batch.</summary>
    private static readonly (int Batch, int Steps, int[] Lengths, int Channels)[] Shapes =
    [
        (1, 1, [1], 1), (1, 1, [0], 3), (4, 7, [0, 7, 1, 4], 5), (2, 9, [9, 3], 33), (0, 3, [], 2),
    ];

    private static IEnumerable<TestCaseData> DeviceCases() =>
        from kind in TestDevices.All
        from s in Shapes
        select new TestCaseData(kind, s.Batch, s.Steps, s.Lengths, s.Channels)
            .SetArgDisplayNames(TestDevices.Display(kind), $"B={s.Batch} L={s.Steps} len=[{string.Join(",", s.Lengths)}] C={s.Channels}");

    [TestCaseSource(nameof(DeviceCases))]
    public void LayerMatchesReferenceAndFiniteDifferences(DeviceKind kind, int batch, int steps, int[] lengths, int channels)
    {
        var device = TestDevices.Get(kind);
        var random = new ReferenceRandom(31);
        double[] x = LayerHarness.RoundToFloat(random.Uniform(batch * steps * channels));
        double[] dy = LayerHarness.RoundToFloat(random.Uniform(batch * channels));
        var (y, dx) = Run(device, lengths, steps, channels, x, dy);

        double Objective() => GradientCheck.Contract(
            GlobalAveragePooling1DReference.Forward(x, lengths, batch, steps, channels), dy);
        Assert.Multiple(() =>
        {
            GradientCheck.AssertClose("y", y, GlobalAveragePooling1DReference.Forward(x, lengths, batch, steps, channels), 1e-6);
            GradientCheck.AssertClose("dx", dx, GlobalAveragePooling1DReference.Backward(dy, lengths, batch, steps, channels), 1e-6);
            GradientCheck.AssertClose("dx vs finite differences", dx, GradientCheck.Numerical(Objective, x));
            Assert.That(y, Is.All.Not.NaN, "an empty event pools to 0, not NaN");
        });
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void PaddedStepsChangeNothing(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        int[] lengths = [3, 0, 5];
        const int steps = 5, channels = 4;
        var random = new ReferenceRandom(32);
        double[] x = random.Uniform(lengths.Length * steps * channels);
        double[] dy = random.Uniform(lengths.Length * channels);
        var (y1, dx1) = Run(device, lengths, steps, channels, x, dy);
        var (y2, dx2) = Run(device, lengths, steps, channels, SequenceMasking.ScramblePadding(x, lengths, lengths.Length, steps, channels, random), dy);
        Assert.Multiple(() =>
        {
            Assert.That(y2, Is.EqualTo(y1));
            Assert.That(dx2, Is.EqualTo(dx1));
            Assert.That(
                SequenceMasking.PaddedValues(LayerHarness.Widen(dx1), lengths, lengths.Length, steps, channels),
                Is.All.EqualTo(0.0));
        });
    }

    [Test]
    public void BadShapesAreRejected()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var x = device.Pool.Rent(2, 4, 3);
        using var y = device.Pool.Rent(2, 4);
        using var lengths = device.Pool.Rent(2);
        Assert.Multiple(() =>
        {
            Assert.That(() => device.Ops.Pooling.Forward(x, lengths, y), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => new GlobalAveragePooling1D("pool3").OutputShape([4]), Throws.ArgumentException.With.Message.Contains("pool3"));
        });
    }

    private static (float[] Y, float[] Dx) Run(Device device, int[] lengths, int steps, int channels, double[] x, double[] dy)
    {
        int batch = lengths.Length;
        using var layer = new GlobalAveragePooling1D("pool");
        layer.Build(device, [steps, channels], Math.Max(1, batch), seed: 0);
        var context = LayerHarness.Context(device, lengths);
        using var lengthTensor = context.Lengths;
        using var input = LayerHarness.Upload(device, x, batch, steps, channels);
        using var outputGradient = LayerHarness.Upload(device, dy, batch, channels);
        float[] y = layer.Forward(context, input).ToArray();
        float[] dx = layer.Backward(context, outputGradient, computeInputGradient: true)!.ToArray();
        return (y, dx);
    }
}
