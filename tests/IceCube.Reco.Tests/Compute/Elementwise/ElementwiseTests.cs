using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Elementwise kernels against <see cref="ElementwiseReference"/> on awkward lengths, including empty.</summary>
[TestFixture]
public sealed class ElementwiseTests
{
    private static readonly int[] Lengths = [0, 1, 7, 33, 65, 127];

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void FillCopyScaleAxpyMatchReference(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        foreach (int n in Lengths)
        {
            var x = HostData.Uniform(n, seed: n + 1);
            var y = HostData.Uniform(n, seed: n + 2);
            using var dx = device.Pool.Rent(n);
            using var dy = device.Pool.Rent(n);

            device.Ops.Elementwise.Fill(dy, 2.5f);
            Assert.That(dy.ToArray(), Is.All.EqualTo(2.5f), $"fill n={n}");

            dx.Upload(x);
            device.Ops.Elementwise.Copy(dx, dy);
            Assert.That(dy.ToArray(), Is.EqualTo(x), $"copy n={n}");

            device.Ops.Elementwise.Scale(dy, -3f);
            var scaled = dy.ToArray();
            for (int i = 0; i < n; i++)
            {
                Assert.That(scaled[i], Is.EqualTo(-3.0 * x[i]).Within(1e-6), $"scale n={n} i={i}");
            }

            dy.Upload(y);
            device.Ops.Elementwise.Axpy(0.25f, dx, dy);
            var expected = ElementwiseReference.Axpy(0.25, x, y);
            var got = dy.ToArray();
            for (int i = 0; i < n; i++)
            {
                Assert.That(got[i], Is.EqualTo(expected[i]).Within(1e-6), $"axpy n={n} i={i}");
            }
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void AddBiasBroadcastsOverRows(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        foreach (var (rows, columns) in new[] { (0, 3), (1, 1), (7, 33), (65, 7), (3, 127) })
        {
            var x = HostData.Uniform(rows * columns, seed: rows + 5);
            var bias = HostData.Uniform(columns, seed: columns + 6);
            using var dx = device.Pool.Rent(rows, columns);
            using var dbias = device.Pool.Rent(columns);
            dx.Upload(x);
            dbias.Upload(bias);
            device.Ops.Elementwise.AddBias(dx, dbias);
            var expected = ElementwiseReference.AddBias(x, bias);
            var got = dx.ToArray();
            for (int i = 0; i < got.Length; i++)
            {
                Assert.That(got[i], Is.EqualTo(expected[i]).Within(1e-6), $"rows={rows} columns={columns} i={i}");
            }
        }
    }

    [TestCaseSource(nameof(ActivationCases))]
    public void ActivationAndDerivativeMatchReference(DeviceKind kind, string activationName)
    {
        var activation = Enum.Parse<ActivationKind>(activationName);
        var device = TestDevices.Get(kind);
        foreach (int n in Lengths)
        {
            // Inputs up to +-12 reach the saturated tails of tanh and sigmoid; ReLU's kink at 0 is avoided.
            var x = HostData.Uniform(n, seed: n + 7, scale: 12f).Select(v => Math.Abs(v) < 1e-3f ? 0.5f : v).ToArray();
            var upstream = HostData.Uniform(n, seed: n + 8);
            using var dx = device.Pool.Rent(n);
            using var dy = device.Pool.Rent(n);
            using var dgrad = device.Pool.Rent(n);
            dx.Upload(x);
            device.Ops.Elementwise.Activate(activation, dx, dy);
            dgrad.Upload(upstream);

            // In place: the gradient overwrites the upstream gradient, as layers will do.
            device.Ops.Elementwise.ActivationBackward(activation, dy, dgrad, dgrad);
            var y = dy.ToArray();
            var g = dgrad.ToArray();
            for (int i = 0; i < n; i++)
            {
                double expectedY = ElementwiseReference.Activate(activation, x[i]);
                double expectedG = upstream[i] * ElementwiseReference.Derivative(activation, x[i]);
                Assert.That(y[i], Is.EqualTo(expectedY).Within(1e-6 + 1e-6 * Math.Abs(expectedY)), $"{activation} f n={n} x={x[i]}");
                Assert.That(g[i], Is.EqualTo(expectedG).Within(2e-6), $"{activation} f' n={n} x={x[i]}");
            }
        }
    }

    /// <summary>
    /// The kernels' own tanh (CUDA's built-in one is a coarse approximation) against the double-precision one, from
    /// tiny arguments through the series/exp switch at |v| = 0.25 to saturation, and at the special values.
    /// </summary>
    [Test]
    public void KernelTanhIsAccurateToAFewFloatUlps()
    {
        var arguments = new List<float> { 0f, 1e-30f, 1e-7f, 0.01f, 0.2499999f, 0.25f, 0.2500001f, 0.5f, 1.2925093f, 3f, 9f, 20f, 88f, 1e30f };
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            arguments.Add((float)((random.NextDouble() - 0.5) * 24.0));
        }

        Assert.Multiple(() =>
        {
            foreach (float v in arguments.Concat(arguments.Select(a => -a)))
            {
                double expected = Math.Tanh(v);
                Assert.That(
                    (double)ElementwiseKernels.Tanh(v),
                    Is.EqualTo(expected).Within(4 * 6e-8 * Math.Max(Math.Abs(expected), 1e-37)),
                    $"tanh({v:R})");
            }

            Assert.That(ElementwiseKernels.Tanh(float.PositiveInfinity), Is.EqualTo(1f));
            Assert.That(ElementwiseKernels.Tanh(float.NegativeInfinity), Is.EqualTo(-1f));
            Assert.That(float.IsNaN(ElementwiseKernels.Tanh(float.NaN)), Is.True);
        });
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void ShapeMismatchIsRejected(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        using var a = device.Pool.Rent(2, 3);
        using var b = device.Pool.Rent(3, 2);
        using var bias = device.Pool.Rent(2);
        using var strided = device.Pool.Rent(2, 3, 4);
        Assert.That(() => device.Ops.Elementwise.Axpy(1f, a, b), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
        Assert.That(() => device.Ops.Elementwise.AddBias(a, bias), Throws.ArgumentException.With.Property("ParamName").EqualTo("bias"));
        Assert.That(
            () => device.Ops.Elementwise.Fill(strided.Step(1), 0f),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("x").And.Message.Contains("contiguous"));
        Assert.That(
            () => device.Ops.Elementwise.Activate(ActivationKind.Tanh, a, b),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
    }

    private static IEnumerable<TestCaseData> ActivationCases()
    {
        foreach (var kind in TestDevices.All)
        {
            foreach (var activation in Enum.GetValues<ActivationKind>())
            {
                yield return new TestCaseData(kind, activation.ToString())
                    .SetArgDisplayNames(TestDevices.Display(kind), activation.ToString());
            }
        }
    }
}
