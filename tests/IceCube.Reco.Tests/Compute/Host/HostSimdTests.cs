using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host-SIMD primitives at every vector width this machine offers (the scalar fallback included) and at several
/// thread counts: the results must not change by a single bit, must match the ILGPU kernels bit for bit where both
/// compute the same operations (everything but the GEMM's fused multiply-adds and the tanh/sigmoid exponentials),
/// and must not allocate once warm.
/// </summary>
[TestFixture]
public sealed class HostSimdTests
{
    // Lengths that cover several parallel chunks plus a tail that fits no vector width.
    private const int Length = (2 * HostElementwise.ChunkLength) + 37;

    private static IEnumerable<SimdWidth> Widths =>
        Enum.GetValues<SimdWidth>().Where(w => w <= SimdCapability.Best);

    private static Device Host => TestDevices.Get(DeviceKind.HostSimd);

    [TearDown]
    public void RestoreDefaults()
    {
        SimdCapability.Active = SimdCapability.Best;
        HostParallel.ThreadCount = Environment.ProcessorCount;
    }

    [TestCase(false, false, 250)]
    [TestCase(false, true, 250)]
    [TestCase(true, false, 250)]
    [TestCase(false, false, 256)]
    [TestCase(true, false, 256)]
    public void GemmIsBitIdenticalForEveryWidthAndThreadCountAndMatchesTheReference(
        bool transposeA, bool transposeB, int n)
    {
        // K = 300 spans two depth blocks; M = 130 spans three row chunks and ends in a partial micro-tile, so the
        // columns are split too. N = 250 ends in a partial sliver and op(B) is big enough to be packed in parallel;
        // N = 256 fills whole slivers at every width, so a row-major op(B) is read in place, unpacked.
        const int m = 130, k = 300;
        var a = HostData.Uniform(m * k, seed: 1);
        var b = HostData.Uniform(k * n, seed: 2);
        var c0 = HostData.Uniform(m * n, seed: 3);
        var bias = HostData.Uniform(n, seed: 4);
        using var da = transposeA ? Host.Pool.Rent(k, m) : Host.Pool.Rent(m, k);
        using var db = transposeB ? Host.Pool.Rent(n, k) : Host.Pool.Rent(k, n);
        using var dc = Host.Pool.Rent(m, n);
        using var dbias = Host.Pool.Rent(n);
        da.Upload(a);
        db.Upload(b);
        dbias.Upload(bias);

        float[] Product()
        {
            dc.Upload(c0);
            Host.Ops.Gemm.Multiply(da, transposeA, db, transposeB, dc, -0.5f, 0.75f, dbias);
            return dc.ToArray();
        }

        var baseline = RunAt(SimdWidth.Scalar, 1, Product);
        var (expected, magnitude) = GemmReference.Multiply(a, transposeA, b, transposeB, c0, m, n, k, -0.5f, 0.75f, bias);
        for (int i = 0; i < baseline.Length; i++)
        {
            Assert.That(baseline[i], Is.EqualTo(expected[i]).Within(1e-6 + (2e-6 * (k + 2) * magnitude[i])), $"element {i}");
        }

        foreach (var width in Widths)
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Assert.That(RunAt(width, threads, Product), Is.EqualTo(baseline), $"width={width} threads={threads}");
            }
        }
    }

    [Test]
    public void GemmOnStridedStepViewsIsBitIdenticalForEveryWidth()
    {
        const int batch = 50, steps = 4, inputs = 19, outputs = 37;
        using var xs = Host.Pool.Rent(batch, steps, inputs);
        using var ws = Host.Pool.Rent(outputs, inputs);
        using var ys = Host.Pool.Rent(batch, steps, outputs);
        xs.Upload(HostData.Uniform(batch * steps * inputs, seed: 5));
        ws.Upload(HostData.Uniform(outputs * inputs, seed: 6));

        float[] Step()
        {
            Host.Ops.Elementwise.Fill(ys, 0f);
            Host.Ops.Gemm.Multiply(xs.Step(2), false, ws, true, ys.Step(2));
            return ys.ToArray();
        }

        var baseline = RunAt(SimdWidth.Scalar, 1, Step);
        foreach (var width in Widths)
        {
            Assert.That(RunAt(width, 2, Step), Is.EqualTo(baseline), $"width={width}");
        }
    }

    [TestCase("Identity")]
    [TestCase("Relu")]
    [TestCase("Tanh")]
    [TestCase("Sigmoid")]
    public void ElementwiseOpsMatchTheIlgpuKernelsBitForBit(string activationName)
    {
        var kind = Enum.Parse<ActivationKind>(activationName);
        // 887 x 37 = 32819 floats: two full chunks and a tail of 51.
        const int rows = 887, columns = 37;
        var x = HostData.Uniform(rows * columns, seed: 7, scale: 4f);
        var dy = HostData.Uniform(rows * columns, seed: 8);
        var bias = HostData.Uniform(columns, seed: 9);

        float[] Run(Device device)
        {
            using var tx = device.Pool.Rent(rows, columns);
            using var ty = device.Pool.Rent(rows, columns);
            using var tdy = device.Pool.Rent(rows, columns);
            using var tbias = device.Pool.Rent(columns);
            tx.Upload(x);
            tdy.Upload(dy);
            tbias.Upload(bias);
            device.Ops.Elementwise.AddBias(tx, tbias);
            device.Ops.Elementwise.Scale(tx, 1.5f);
            device.Ops.Elementwise.Axpy(-0.25f, tdy, tx);
            device.Ops.Elementwise.Activate(kind, tx, ty);
            device.Ops.Elementwise.ActivationBackward(kind, ty, tdy, tdy);
            return [.. ty.ToArray(), .. tdy.ToArray()];
        }

        var baseline = RunAt(SimdWidth.Scalar, 1, () => Run(Host));
        foreach (var width in Widths)
        {
            Assert.That(RunAt(width, 2, () => Run(Host)), Is.EqualTo(baseline), $"width={width}");
        }

        // tanh and sigmoid take their exponentials from different libraries on the two devices.
        var ilgpu = Run(TestDevices.Get(DeviceKind.IlgpuCpu));
        if (kind is ActivationKind.Identity or ActivationKind.Relu)
        {
            Assert.That(baseline, Is.EqualTo(ilgpu));
        }
        else
        {
            Assert.That(baseline, Is.EqualTo(ilgpu).Within(2e-6));
        }
    }

    [Test]
    public void ReductionsAndAdamMatchTheIlgpuKernelsBitForBit()
    {
        const int rows = 300, columns = 45;
        var x = HostData.Uniform(rows * columns, seed: 10);
        var previous = HostData.Uniform(columns, seed: 11);
        var gradients = HostData.Uniform(Length, seed: 12);
        var parameters = HostData.Uniform(Length, seed: 13);

        float[] Run(Device device)
        {
            using var tx = device.Pool.Rent(rows, columns);
            using var sums = device.Pool.Rent(columns);
            using var p = device.Pool.Rent(Length);
            using var g = device.Pool.Rent(Length);
            using var m = device.Pool.RentZeroed(Length);
            using var v = device.Pool.RentZeroed(Length);
            using var norm = device.Pool.Rent(1);
            tx.Upload(x);
            sums.Upload(previous);
            p.Upload(parameters);
            g.Upload(gradients);
            device.Ops.Reductions.ColumnSums(tx, sums, beta: 1f);
            DeviceTensor[] list = [tx, g, sums];
            device.Ops.Reductions.GlobalL2Norm(list, norm);
            device.Ops.Reductions.ClipByGlobalNorm(list, norm, 10f);
            var settings = new AdamSettings(learningRate: 1e-3f, weightDecay: 0.01f);
            device.Ops.Adam.Update(p, g, m, v, settings, 1);
            device.Ops.Adam.Update(p, g, m, v, settings with { Decoupled = true }, 2);
            return [.. sums.ToArray(), .. norm.ToArray(), .. tx.ToArray(), .. p.ToArray(), .. m.ToArray(), .. v.ToArray()];
        }

        var ilgpu = Run(TestDevices.Get(DeviceKind.IlgpuCpu));
        foreach (var width in Widths)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Assert.That(RunAt(width, threads, () => Run(Host)), Is.EqualTo(ilgpu), $"width={width} threads={threads}");
            }
        }
    }

    [Test]
    public void AWarmTrainingStepOfPrimitivesAllocatesNothing()
    {
        HostParallel.ThreadCount = 2;
        using var x = Host.Pool.Rent(256, 64);
        using var w = Host.Pool.Rent(128, 64);
        using var y = Host.Pool.Rent(256, 128);
        using var bias = Host.Pool.Rent(128);
        using var dw = Host.Pool.Rent(128, 64);
        using var m = Host.Pool.RentZeroed(128, 64);
        using var v = Host.Pool.RentZeroed(128, 64);
        using var norm = Host.Pool.Rent(1);
        x.Upload(HostData.Uniform(x.Length, seed: 14));
        w.Upload(HostData.Uniform(w.Length, seed: 15));
        bias.Upload(HostData.Uniform(bias.Length, seed: 16));
        DeviceTensor[] gradients = [dw, bias];

        void Step()
        {
            Host.Ops.Gemm.Multiply(x, false, w, true, y, bias: bias);
            Host.Ops.Elementwise.Activate(ActivationKind.Relu, y, y);
            Host.Ops.Elementwise.ActivationBackward(ActivationKind.Relu, y, y, y);
            Host.Ops.Gemm.Multiply(y, true, x, false, dw);
            Host.Ops.Reductions.ColumnSums(y, bias);
            Host.Ops.Reductions.GlobalL2Norm(gradients, norm);
            Host.Ops.Reductions.ClipByGlobalNorm(gradients, norm, 1f);
            Host.Ops.Adam.Update(w, dw, m, v, new AdamSettings(learningRate: 1e-3f), 1);
        }

        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Step();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void AWidthThisMachineLacksIsRejected()
    {
        Assert.That(() => SimdCapability.Active = (SimdWidth)7, Throws.TypeOf<ArgumentOutOfRangeException>());
        if (SimdCapability.Best < SimdWidth.V512)
        {
            Assert.That(() => SimdCapability.Active = SimdWidth.V512, Throws.TypeOf<ArgumentOutOfRangeException>());
        }
    }

    private static float[] RunAt(SimdWidth width, int threads, Func<float[]> run)
    {
        SimdCapability.Active = width;
        HostParallel.ThreadCount = threads;
        return run();
    }
}
