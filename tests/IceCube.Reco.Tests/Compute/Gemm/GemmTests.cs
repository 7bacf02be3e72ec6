using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>GEMM kernels against <see cref="GemmReference"/> on awkward sizes, both variants, and bad operands.</summary>
[TestFixture]
public sealed class GemmTests
{
    // (m, n, k): unit, primes around the 4x4 block and 16x16 tile edges, empty outputs and an empty inner dimension.
    private static readonly (int M, int N, int K)[] Sizes =
    [
        (1, 1, 1), (7, 33, 65), (33, 7, 1), (65, 127, 7), (127, 65, 33), (0, 5, 3), (5, 0, 3), (4, 5, 0),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var kind in TestDevices.All)
        {
            foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false) })
            {
                string name = (ta ? "T" : "N") + (tb ? "T" : "N");
                yield return new TestCaseData(kind, ta, tb).SetArgDisplayNames(TestDevices.Display(kind), name);
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ProductMatchesReference(DeviceKind kind, bool transposeA, bool transposeB)
    {
        var device = TestDevices.Get(kind);
        foreach (var (m, n, k) in Sizes)
        {
            CheckProduct(device, m, n, k, transposeA, transposeB, alpha: 1f, beta: 0f, withBias: false);
            CheckProduct(device, m, n, k, transposeA, transposeB, alpha: -0.5f, beta: 1f, withBias: true);
        }
    }

    [TestCase(false, false)]
    [TestCase(false, true)]
    [TestCase(true, false)]
    public void TiledVariantMatchesReferenceOnCpu(bool transposeA, bool transposeB)
    {
        var device = TestDevices.TiledCpu();
        CheckProduct(device, 17, 33, 20, transposeA, transposeB, alpha: 1f, beta: 0f, withBias: false);
        CheckProduct(device, 1, 7, 1, transposeA, transposeB, alpha: 2f, beta: 0.5f, withBias: true);
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    public void TiledVariantSplitsALongSummedDimensionOnCpu(bool transposeA, bool transposeB)
    {
        // Few tiles of C and a long K (a weight gradient's shape): the product runs as slices of K summed after.
        Assert.That(IlgpuGemmOps.Slices(tiles: 2, k: 1000), Is.EqualTo(3));
        var device = TestDevices.TiledCpu();
        CheckProduct(device, 17, 5, 1000, transposeA, transposeB, alpha: 1f, beta: 0f, withBias: false);
        CheckProduct(device, 3, 9, 1000, transposeA, transposeB, alpha: -0.5f, beta: 1f, withBias: true);
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void StridedTimeStepViewsWorkAsMatrices(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        const int batch = 7, steps = 5, inputs = 3, outputs = 9;
        var x = HostData.Uniform(batch * steps * inputs, seed: 11);
        var w = HostData.Uniform(outputs * inputs, seed: 12);
        using var xs = device.Pool.Rent(batch, steps, inputs);
        using var ws = device.Pool.Rent(outputs, inputs);
        using var ys = device.Pool.RentZeroed(batch, steps, outputs);
        xs.Upload(x);
        ws.Upload(w);

        // y[:, t, :] = x[:, t, :] * W^T for one step only; every other step must stay zero.
        const int t = 3;
        device.Ops.Gemm.Multiply(xs.Step(t), false, ws, true, ys.Step(t));
        var y = ys.ToArray();
        for (int b = 0; b < batch; b++)
        {
            for (int s = 0; s < steps; s++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    double expected = 0;
                    if (s == t)
                    {
                        for (int i = 0; i < inputs; i++)
                        {
                            expected += (double)x[(b * steps + s) * inputs + i] * w[o * inputs + i];
                        }
                    }

                    Assert.That(y[(b * steps + s) * outputs + o], Is.EqualTo(expected).Within(1e-5), $"b={b} s={s} o={o}");
                }
            }
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void BadOperandsAreRejectedBeforeLaunch(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        using var a = device.Pool.Rent(4, 3);
        using var b = device.Pool.Rent(5, 2);
        using var c = device.Pool.Rent(4, 2);
        using var b3 = device.Pool.Rent(3, 2);
        using var bias = device.Pool.Rent(3);
        using var vector = device.Pool.Rent(6);

        Assert.That(
            () => device.Ops.Gemm.Multiply(a, false, b, false, c),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("b"));
        Assert.That(
            () => device.Ops.Gemm.Multiply(a, false, b3, false, b3),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("c"));
        Assert.That(
            () => device.Ops.Gemm.Multiply(a, false, b3, false, c, bias: bias),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("bias"));
        Assert.That(
            () => device.Ops.Gemm.Multiply(vector, false, b3, false, c),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("a"));

        using (var other = Device.Cpu())
        {
            using var foreign = other.Pool.Rent(3, 2);
            Assert.That(
                () => device.Ops.Gemm.Multiply(a, false, foreign, false, c),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("b").And.Message.Contains("another device"));
        }

        var disposed = device.Pool.Rent(3, 2);
        disposed.Dispose();
        Assert.That(
            () => device.Ops.Gemm.Multiply(a, false, disposed, false, c),
            Throws.TypeOf<ObjectDisposedException>().With.Property("ObjectName").EqualTo("b"));
    }

    private static void CheckProduct(
        Device device, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta, bool withBias)
    {
        var a = HostData.Uniform(m * k, seed: m * 31 + k);
        var b = HostData.Uniform(k * n, seed: n * 17 + k + 1);
        var c0 = HostData.Uniform(m * n, seed: m + n + 2);
        var bias = withBias ? HostData.Uniform(n, seed: n + 3) : null;
        using var da = transposeA ? device.Pool.Rent(k, m) : device.Pool.Rent(m, k);
        using var db = transposeB ? device.Pool.Rent(n, k) : device.Pool.Rent(k, n);
        using var dc = device.Pool.Rent(m, n);
        using var dbias = device.Pool.Rent(n);
        da.Upload(a);
        db.Upload(b);
        if (beta != 0f)
        {
            dc.Upload(c0);
        }
        else
        {
            // beta = 0 must ignore C's old contents, even NaN.
            device.Ops.Elementwise.Fill(dc, float.NaN);
        }

        if (bias is not null)
        {
            dbias.Upload(bias);
        }

        device.Ops.Gemm.Multiply(da, transposeA, db, transposeB, dc, alpha, beta, bias is null ? null : dbias);
        var got = dc.ToArray();
        var (expected, magnitude) = GemmReference.Multiply(a, transposeA, b, transposeB, c0, m, n, k, alpha, beta, bias);
        for (int i = 0; i < got.Length; i++)
        {
            double tolerance = 1e-6 + 2e-6 * (k + 2) * magnitude[i];
            Assert.That(
                got[i], Is.EqualTo(expected[i]).Within(tolerance),
                $"m={m} n={n} k={k} tA={transposeA} tB={transposeB} alpha={alpha} beta={beta} element {i}");
        }
    }
}
