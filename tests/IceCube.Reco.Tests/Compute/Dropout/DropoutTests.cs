using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The dropout kernel and layer: the mask bit for bit against <see cref="DropoutReference"/> and
/// <see cref="ReferenceDropoutHash"/>, forward and backward agreeing, reproducibility, identity at inference.
/// </summary>
[TestFixture]
internal sealed class DropoutTests
{
    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void KernelMaskIsBitIdenticalToTheReference(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        const int count = 1031;
        foreach (var (rate, seed, step) in new[] { (0.3f, 0UL, 0UL), (0.5f, 0xDEADBEEFCAFEUL, 17UL), (0.07f, ulong.MaxValue, 1UL << 40) })
        {
            using var ones = device.Pool.Rent(count);
            using var output = device.Pool.Rent(count);
            device.Ops.Elementwise.Fill(ones, 1f);
            device.Ops.Dropout.Apply(ones, output, rate, seed, step);
            float[] got = output.ToArray();
            bool[] expected = DropoutReference.Mask(count, rate, seed, step);
            float scale = 1f / (1f - rate);
            for (int i = 0; i < count; i++)
            {
                Assert.That(got[i], Is.EqualTo(expected[i] ? scale : 0f), $"rate {rate} seed {seed} step {step} element {i}");
            }
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void LayerForwardAndBackwardFollowTheReference(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        const int batch = 3, steps = 5, channels = 7;
        const float rate = 0.4f;
        const ulong buildSeed = 12, modelSeed = 99;
        const long step = 4;
        var random = new ReferenceRandom(51);
        double[] x = LayerHarness.RoundToFloat(random.Uniform(batch * steps * channels));
        double[] dy = LayerHarness.RoundToFloat(random.Uniform(batch * steps * channels));

        using var layer = new Dropout("dropout", rate);
        layer.Build(device, [steps, channels], batch, buildSeed);
        var context = LayerHarness.Context(device, [5, 5, 5], training: true, step: step, seed: modelSeed);
        using var lengths = context.Lengths;
        using var input = LayerHarness.Upload(device, x, batch, steps, channels);
        using var outputGradient = LayerHarness.Upload(device, dy, batch, steps, channels);
        float[] y = layer.Forward(context, input).ToArray();
        float[] dx = layer.Backward(context, outputGradient, computeInputGradient: true)!.ToArray();

        // The documented mask seed: the model seed XOR Mix64(build seed).
        ulong maskSeed = modelSeed ^ ReferenceDropoutHash.Mix64(buildSeed);
        double[] Forward() => DropoutReference.Forward(x, rate, maskSeed, step, training: true);
        Assert.Multiple(() =>
        {
            Assert.That(layer.MaskSeed(context), Is.EqualTo(maskSeed));
            GradientCheck.AssertClose("y", y, Forward(), 1e-6);
            GradientCheck.AssertClose("dx", dx, DropoutReference.Backward(dy, rate, maskSeed, step, training: true), 1e-6);
            GradientCheck.AssertClose("dx vs finite differences", dx, GradientCheck.Numerical(() => GradientCheck.Contract(Forward(), dy), x));
            Assert.That(y.Count(v => v == 0f), Is.InRange(20, 65), "about 40 % of 105 dropped");
        });
    }

    [Test]
    public void MasksAreReproducibleAndChangeWithStepAndSeed()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        float[] Mask(long step, ulong modelSeed, ulong buildSeed)
        {
            using var layer = new Dropout("d", 0.5f);
            layer.Build(device, [64], 2, buildSeed);
            var context = LayerHarness.Context(device, [0, 0], training: true, step: step, seed: modelSeed);
            using var lengths = context.Lengths;
            using var input = device.Pool.Rent(2, 64);
            device.Ops.Elementwise.Fill(input, 1f);
            return layer.Forward(context, input).ToArray();
        }

        float[] first = Mask(1, 5, 6);
        Assert.Multiple(() =>
        {
            Assert.That(Mask(1, 5, 6), Is.EqualTo(first), "same seeds and step, same mask");
            Assert.That(Mask(2, 5, 6), Is.Not.EqualTo(first), "another step");
            Assert.That(Mask(1, 4, 6), Is.Not.EqualTo(first), "another model seed");
            Assert.That(Mask(1, 5, 7), Is.Not.EqualTo(first), "another layer");
        });
    }

    [Test]
    public void InferenceIsTheIdentity()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var layer = new Dropout("d", 0.9f);
        layer.Build(device, [10], 3, 1);
        var context = LayerHarness.Context(device, [0, 0, 0], training: false);
        using var lengths = context.Lengths;
        double[] x = LayerHarness.RoundToFloat(new ReferenceRandom(52).Uniform(30));
        using var input = LayerHarness.Upload(device, x, 3, 10);
        using var outputGradient = LayerHarness.Upload(device, x, 3, 10);
        Assert.Multiple(() =>
        {
            Assert.That(LayerHarness.Widen(layer.Forward(context, input).ToArray()), Is.EqualTo(x));
            Assert.That(LayerHarness.Widen(layer.Backward(context, outputGradient, true)!.ToArray()), Is.EqualTo(x));
            Assert.That(() => new Dropout("d", 1f), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => device.Ops.Dropout.Apply(input, input, float.NaN, 0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
