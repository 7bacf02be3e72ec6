using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host activations (<see cref="HostActivation"/>) at every vector width against the scalar kernel functions
/// <see cref="ElementwiseKernels.Apply"/> and <see cref="ElementwiseKernels.DerivativeFromOutput"/>, bit for bit,
/// over a length that leaves work for every rung of the width ladder.
/// </summary>
[TestFixture]
internal sealed unsafe class HostActivationTests
{
    [TestCase(ActivationKind.Identity)]
    [TestCase(ActivationKind.Relu)]
    [TestCase(ActivationKind.Tanh)]
    [TestCase(ActivationKind.Sigmoid)]
    public void EveryWidthGivesTheKernelFunctionsBits(ActivationKind kind)
    {
        // 16 + 8 + 4 + 3 floats: one vector of each width and a scalar tail; zeros of both signs and tiny values too.
        var random = new Random(43);
        float[] x =
        [
            0f, -0f, 1e-30f, -1e-30f, .. Enumerable.Range(0, 27).Select(_ => (float)((random.NextDouble() * 8) - 4)),
        ];
        float[] dy = [.. Enumerable.Range(0, x.Length).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] expectedY = [.. x.Select(v => ElementwiseKernels.Apply(kind, v))];
        float[] expectedDz = [.. expectedY.Select((v, i) => dy[i] * ElementwiseKernels.DerivativeFromOutput(kind, v))];
        foreach (var width in HostVariants.Widths)
        {
            float[] y = [.. x];
            var dz = new float[x.Length];
            fixed (float* py = y, pdy = dy, pdz = dz)
            {
                HostActivation.Forward(py, y.Length, kind, width);
                HostActivation.Backward(py, pdy, pdz, y.Length, kind, width);
            }

            Assert.Multiple(() =>
            {
                Assert.That(Bits(y), Is.EqualTo(Bits(expectedY)), $"f at {width}");
                Assert.That(Bits(dz), Is.EqualTo(Bits(expectedDz)), $"dy f' at {width}");
            });
        }
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
