using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host-SIMD dropout beyond the shared device tests (<see cref="DropoutTests"/>): over more elements than one
/// chunk, with a tail in every width, the mask is <see cref="DropoutReference"/>'s bit for bit at every width and
/// thread count, in place and out of place.
/// </summary>
[TestFixture]
internal sealed class HostDropoutTests
{
    [TestCase(0.3f, 0UL, 0UL)]
    [TestCase(0.5f, 0xDEADBEEFCAFEUL, 17UL)]
    [TestCase(0f, 5UL, 3UL)]
    public void MaskIsTheReferencesAtEveryWidthAndThreadCount(float rate, ulong seed, ulong step)
    {
        const int count = (2 * 8192) + 37;
        var device = TestDevices.Get(DeviceKind.HostSimd);
        var random = new ReferenceRandom(44);
        double[] x = LayerHarness.RoundToFloat(random.Uniform(count));
        using var input = LayerHarness.Upload(device, x, count);
        using var output = device.Pool.Rent(count);
        using var inPlace = device.Pool.Rent(count);

        float[][] got = HostVariants.AssertAllAgree(() =>
        {
            device.Ops.Dropout.Apply(input, output, rate, seed, step);
            inPlace.Upload(LayerHarness.ToFloat(x));
            device.Ops.Dropout.Apply(inPlace, inPlace, rate, seed, step);
            return [output.ToArray(), inPlace.ToArray()];
        });

        bool[] kept = DropoutReference.Mask(count, rate, seed, step);
        float scale = 1f / (1f - rate);
        float[] expected = [.. x.Select((v, i) => kept[i] ? (float)v * scale : 0f)];
        Assert.Multiple(() =>
        {
            Assert.That(got[0], Is.EqualTo(expected), "out of place");
            Assert.That(got[1], Is.EqualTo(expected), "in place");
        });
    }
}
