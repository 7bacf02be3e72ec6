using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host losses beyond the shared device tests (Training/LossTests): every kind, with the edge rows (zero
/// prediction, exact and opposite directions, tiny and huge kappa) mixed into a random batch, against the ILGPU
/// kernels (two implementations of one specification) and the double references.
/// </summary>
[TestFixture]
internal sealed class HostLossTests
{
    [TestCase(LossKind.Angular)]
    [TestCase(LossKind.MeanSquaredError)]
    [TestCase(LossKind.VonMisesFisher)]
    public void AgreesWithTheIlgpuKernelsAndTheReference(LossKind kind)
    {
        int outputs = kind == LossKind.MeanSquaredError ? MseLossReference.Outputs : 3;
        var random = new ReferenceRandom(45);
        var prediction = new List<double>(random.Uniform(11 * outputs, -2, 2));
        var target = new List<double>(random.Uniform(11 * outputs));
        if (outputs == 3)
        {
            // Zero prediction, exactly along the target, exactly against it, kappa 1e-3 and kappa 60.
            prediction.AddRange([0, 0, 0, 0, 0.6, 0.8, 0, -0.6, -0.8, 0.001, 0, 0, 0, 0, 60]);
            target.AddRange([1, 0, 0, 0, 0.6, 0.8, 0, 0.6, 0.8, 0, 1, 0, 0, 0.6, 0.8]);
        }

        double[] p = LayerHarness.RoundToFloat([.. prediction]);
        double[] t = LayerHarness.RoundToFloat([.. target]);
        int batch = p.Length / outputs;
        float[][] host = Run(TestDevices.Get(DeviceKind.HostSimd), kind, p, t, batch, outputs);
        float[][] ilgpu = Run(TestDevices.Get(DeviceKind.IlgpuCpu), kind, p, t, batch, outputs);

        double expectedMean = kind switch
        {
            LossKind.MeanSquaredError => MseLossReference.Loss(p, t, batch),
            LossKind.VonMisesFisher => VonMisesFisherLossReference.Loss(p, t, batch),
            _ => AngularMeanWithAZeroRow(p, t, batch, zeroRow: 11),
        };
        string[] names = ["mean", "gradient", "per-event loss", "kappa"];
        Assert.Multiple(() =>
        {
            for (int i = 0; i < names.Length; i++)
            {
                Assert.That(host[i], Is.All.Matches<float>(float.IsFinite), names[i]);
                GradientCheck.AssertClose(names[i], host[i], LayerHarness.Widen(ilgpu[i]), 1e-6);
            }

            Assert.That(host[0][0], Is.EqualTo(expectedMean).Within(1e-6 * Math.Max(1.0, Math.Abs(expectedMean))), "mean against the reference");
        });
    }

    [Test]
    public void AnEmptyBatchHasZeroMeanLoss()
    {
        var device = TestDevices.Get(DeviceKind.HostSimd);
        using var p = device.Pool.Rent(0, 3);
        using var t = device.Pool.Rent(0, 3);
        using var mean = device.Pool.Rent(1);
        mean.Upload([float.NaN]);
        device.Ops.Loss.Compute(LossKind.Angular, p, t, mean, null);
        Assert.That(mean.ToArray(), Is.EqualTo(new[] { 0f }));
    }

    // The reference rejects a zero prediction (it has no direction); the kernels give it the angle pi/2.
    private static double AngularMeanWithAZeroRow(double[] p, double[] t, int batch, int zeroRow)
    {
        double[] pRest = [.. p[..(3 * zeroRow)], .. p[(3 * (zeroRow + 1))..]];
        double[] tRest = [.. t[..(3 * zeroRow)], .. t[(3 * (zeroRow + 1))..]];
        return ((AngularLossReference.Loss(pRest, tRest, batch - 1) * (batch - 1)) + (Math.PI / 2)) / batch;
    }

    private static float[][] Run(Device device, LossKind kind, double[] p, double[] t, int batch, int outputs)
    {
        using var prediction = LayerHarness.Upload(device, p, batch, outputs);
        using var target = LayerHarness.Upload(device, t, batch, outputs);
        using var mean = device.Pool.Rent(1);
        using var gradient = device.Pool.Rent(batch, outputs);
        using var perEvent = device.Pool.Rent(batch);
        using var kappa = device.Pool.Rent(batch);
        foreach (var buffer in new[] { mean, gradient, perEvent, kappa })
        {
            buffer.Upload(Enumerable.Repeat(float.NaN, buffer.Length).ToArray());
        }

        bool vmf = kind == LossKind.VonMisesFisher;
        device.Ops.Loss.Compute(kind, prediction, target, mean, gradient, perEvent, vmf ? kappa : null);
        return [mean.ToArray(), gradient.ToArray(), perEvent.ToArray(), vmf ? kappa.ToArray() : [0f]];
    }
}
