using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host-SIMD pooling beyond the shared device tests (<see cref="GlobalAveragePooling1DTests"/>): 37 channels (a
/// tail in every width), events spread over several chunks, empty and full events; every width and thread count
/// gives the same bits, those match the reference, and they equal the ILGPU kernel's bits (the same float sums in
/// the same order).
/// </summary>
[TestFixture]
internal sealed class HostPoolingTests
{
    private const int Batch = 19, Steps = 9, Channels = 37;
    private static readonly int[] Lengths = [9, 0, 1, 5, 9, 3, 8, 2, 7, 0, 9, 4, 6, 1, 9, 5, 2, 8, 3];

    [Test]
    public void EveryWidthAndThreadCountGivesTheReferenceAndTheKernelsBits()
    {
        var random = new ReferenceRandom(43);
        double[] x = LayerHarness.RoundToFloat(random.Uniform(Batch * Steps * Channels));
        double[] dy = LayerHarness.RoundToFloat(random.Uniform(Batch * Channels));
        var host = TestDevices.Get(DeviceKind.HostSimd);
        float[][] got = HostVariants.AssertAllAgree(() => Run(host, x, dy));
        float[][] ilgpu = Run(TestDevices.Get(DeviceKind.IlgpuCpu), x, dy);
        Assert.Multiple(() =>
        {
            GradientCheck.AssertClose("y", got[0], GlobalAveragePooling1DReference.Forward(x, Lengths, Batch, Steps, Channels), 1e-6);
            GradientCheck.AssertClose("dx", got[1], GlobalAveragePooling1DReference.Backward(dy, Lengths, Batch, Steps, Channels), 1e-6);
            Assert.That(got[0], Is.EqualTo(ilgpu[0]), "y against the ILGPU kernel");
            Assert.That(got[1], Is.EqualTo(ilgpu[1]), "dx against the ILGPU kernel");
        });
    }

    private static float[][] Run(Device device, double[] x, double[] dy)
    {
        using var xs = LayerHarness.Upload(device, x, Batch, Steps, Channels);
        using var dys = LayerHarness.Upload(device, dy, Batch, Channels);
        using var y = device.Pool.Rent(Batch, Channels);
        using var dx = device.Pool.Rent(Batch, Steps, Channels);
        y.Upload(Enumerable.Repeat(float.NaN, y.Length).ToArray());
        dx.Upload(Enumerable.Repeat(float.NaN, dx.Length).ToArray());
        var context = LayerHarness.Context(device, Lengths);
        using var lengths = context.Lengths;
        device.Ops.Pooling.Forward(xs, lengths, y);
        device.Ops.Pooling.Backward(dys, lengths, dx);
        return [y.ToArray(), dx.ToArray()];
    }
}
