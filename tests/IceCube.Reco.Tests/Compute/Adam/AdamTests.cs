using IceCube.Reco.Kernels;
using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Adam and AdamW: a hand-computed two-step example and the double reference on awkward sizes.</summary>
[TestFixture]
public sealed class AdamTests
{
    // lr 0.1, beta1 0.9, beta2 0.999, eps 1e-8; parameters (1, -2); gradients (0.5, 0.1) then (-0.25, 0.3).
    // Step 1: m = 0.1 g, v = 0.001 g^2, so m/(1 - 0.9) = g and v/(1 - 0.999) = g^2: each weight moves by lr * sign(g)
    //   -> (0.9, -2.1).
    // Step 2, first weight: m = 0.045 - 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225,
    //   m^ = 0.02 / 0.19 = 0.1052632, v^ = 0.00031225 / 0.001999 = 0.1562031, sqrt = 0.3952254,
    //   p = 0.9 - 0.1 * 0.1052632 / 0.3952254 = 0.8733663.
    // Step 2, second weight: m = 0.009 + 0.03 = 0.039, v = 0.00000999 + 0.00009 = 0.00009999,
    //   m^ = 0.2052632, v^ = 0.0500200, sqrt = 0.2236560, p = -2.1 - 0.0917762 = -2.1917762.
    // AdamW, weight decay 0.1, first weight: p shrinks by lr * wd * p before each update:
    //   1 * 0.99 - 0.1 = 0.89; 0.89 * 0.99 - 0.0266337 = 0.8544663.
    // Adam with an L2 term 0.1 * p, first weight: g' = 0.6 (step 1: 1 - 0.1 = 0.9), then g' = -0.25 + 0.09 = -0.16:
    //   m = 0.054 - 0.016 = 0.038, v = 0.00035964 + 0.0000256 = 0.00038524, m^ = 0.2, v^ = 0.1927164,
    //   p = 0.9 - 0.1 * 0.2 / 0.4389947 = 0.8544409.
    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void TwoStepsMatchHandComputation(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        var plain = new AdamSettings(0.1f, 0.9f, 0.999f, 1e-8f);
        Assert.That(Run(device, plain), Is.EqualTo(new[] { 0.8733663f, -2.1917762f }).Within(2e-6));
        Assert.That(Run(device, plain with { WeightDecay = 0.1f, Decoupled = true })[0], Is.EqualTo(0.8544663f).Within(2e-6));
        Assert.That(Run(device, plain with { WeightDecay = 0.1f })[0], Is.EqualTo(0.8544409f).Within(2e-6));
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void ThreeStepsMatchReferenceOnAwkwardSizes(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        foreach (int n in new[] { 0, 1, 7, 33, 65, 127 })
        {
            foreach (bool decoupled in new[] { false, true })
            {
                var h = new AdamSettings(0.01f, 0.9f, 0.999f, 1e-7f, 0.05f, decoupled);
                var initial = HostData.Uniform(n, seed: n + 60);
                var gradients = Enumerable.Range(0, 3).Select(s => HostData.Uniform(n, seed: n * 7 + s)).ToList();
                using var p = device.Pool.Rent(n);
                using var g = device.Pool.Rent(n);
                using var m = device.Pool.RentZeroed(n);
                using var v = device.Pool.RentZeroed(n);
                p.Upload(initial);
                for (int step = 1; step <= gradients.Count; step++)
                {
                    g.Upload(gradients[step - 1]);
                    device.Ops.Adam.Update(p, g, m, v, h, step);
                }

                var expected = AdamReference.Run(initial, gradients, 0.01, 0.9, 0.999, 1e-7, 0.05, decoupled);
                var got = p.ToArray();
                for (int i = 0; i < n; i++)
                {
                    Assert.That(got[i], Is.EqualTo(expected[i]).Within(1e-5), $"n={n} decoupled={decoupled} i={i}");
                }
            }
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void BadArgumentsAreRejected(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        using var p = device.Pool.Rent(3);
        using var g = device.Pool.Rent(3);
        using var m = device.Pool.Rent(3);
        using var v = device.Pool.Rent(4);
        using var v3 = device.Pool.Rent(3);
        var h = new AdamSettings(learningRate: 1e-3f);
        Assert.That(() => device.Ops.Adam.Update(p, g, m, v, h, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("secondMoment"));
        Assert.That(() => device.Ops.Adam.Update(p, g, m, v3, h, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => device.Ops.Adam.Update(p, g, m, v3, h with { Beta1 = 1f }, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static float[] Run(Device device, AdamSettings h)
    {
        using var p = device.Pool.Rent(2);
        using var g = device.Pool.Rent(2);
        using var m = device.Pool.RentZeroed(2);
        using var v = device.Pool.RentZeroed(2);
        p.Upload([1f, -2f]);
        g.Upload([0.5f, 0.1f]);
        device.Ops.Adam.Update(p, g, m, v, h, 1);
        g.Upload([-0.25f, 0.3f]);
        device.Ops.Adam.Update(p, g, m, v, h, 2);
        return p.ToArray();
    }
}
