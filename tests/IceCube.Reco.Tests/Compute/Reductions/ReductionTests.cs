using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Reduction kernels against <see cref="ReductionReference"/>, their determinism, and clipping.</summary>
[TestFixture]
public sealed class ReductionTests
{
    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void ColumnSumsMatchReference(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        foreach (int rows in new[] { 0, 1, 7, 33, 65, 127 })
        {
            foreach (int columns in new[] { 1, 7, 33 })
            {
                foreach (float beta in new[] { 0f, 1f })
                {
                    var x = HostData.Uniform(rows * columns, seed: rows * 3 + columns);
                    var previous = HostData.Uniform(columns, seed: columns + 9);
                    using var dx = device.Pool.Rent(rows, columns);
                    using var sums = device.Pool.Rent(columns);
                    dx.Upload(x);
                    if (beta != 0f)
                    {
                        sums.Upload(previous);
                    }
                    else
                    {
                        device.Ops.Elementwise.Fill(sums, float.NaN);
                    }

                    device.Ops.Reductions.ColumnSums(dx, sums, beta);
                    var expected = ReductionReference.ColumnSums(x, rows, columns, beta, previous);
                    var got = sums.ToArray();
                    for (int c = 0; c < columns; c++)
                    {
                        Assert.That(got[c], Is.EqualTo(expected[c]).Within(1e-5 * (rows + 1)), $"rows={rows} columns={columns} beta={beta} c={c}");
                    }
                }
            }
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void GlobalL2NormMatchesReferenceAndIsDeterministic(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        int[] lengths = [0, 1, 7, 33, 65, 127, 4099];
        var host = lengths.Select((n, i) => HostData.Uniform(n, seed: 40 + i)).ToArray();
        var tensors = new List<DeviceTensor>();
        try
        {
            foreach (var values in host)
            {
                var tensor = device.Pool.Rent(values.Length);
                tensor.Upload(values);
                tensors.Add(tensor);
            }

            using var norm = device.Pool.Rent(1);
            device.Ops.Reductions.GlobalL2Norm(tensors, norm);
            float first = norm.ToArray()[0];
            device.Ops.Reductions.GlobalL2Norm(tensors, norm);
            float second = norm.ToArray()[0];

            double expected = ReductionReference.GlobalL2Norm(host);
            Assert.That(first, Is.EqualTo(expected).Within(1e-5 * expected));
            Assert.That(BitConverter.SingleToInt32Bits(second), Is.EqualTo(BitConverter.SingleToInt32Bits(first)), "bitwise repeatable");

            device.Ops.Reductions.GlobalL2Norm([], norm);
            Assert.That(norm.ToArray()[0], Is.Zero);
        }
        finally
        {
            tensors.ForEach(t => t.Dispose());
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void ClipByGlobalNormRescalesOnlyAboveTheLimit(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        var a = HostData.Uniform(33, seed: 50, scale: 3f);
        var b = HostData.Uniform(7, seed: 51, scale: 3f);
        double norm = ReductionReference.GlobalL2Norm([a, b]);
        using var da = device.Pool.Rent(a.Length);
        using var db = device.Pool.Rent(b.Length);
        using var dnorm = device.Pool.Rent(1);

        foreach (double maxNorm in new[] { norm / 4, norm * 2 })
        {
            da.Upload(a);
            db.Upload(b);
            device.Ops.Reductions.GlobalL2Norm([da, db], dnorm);
            device.Ops.Reductions.ClipByGlobalNorm([da, db], dnorm, (float)maxNorm);
            double factor = Math.Min(1, maxNorm / norm);
            var gotA = da.ToArray();
            var gotB = db.ToArray();
            for (int i = 0; i < a.Length; i++)
            {
                Assert.That(gotA[i], Is.EqualTo(a[i] * factor).Within(1e-5), $"maxNorm={maxNorm} a[{i}]");
            }

            for (int i = 0; i < b.Length; i++)
            {
                Assert.That(gotB[i], Is.EqualTo(b[i] * factor).Within(1e-5), $"maxNorm={maxNorm} b[{i}]");
            }
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void BadOperandsAreRejected(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        using var x = device.Pool.Rent(4, 3);
        using var sums = device.Pool.Rent(4);
        using var two = device.Pool.Rent(2);
        Assert.That(() => device.Ops.Reductions.ColumnSums(x, sums), Throws.ArgumentException.With.Property("ParamName").EqualTo("sums"));
        Assert.That(() => device.Ops.Reductions.GlobalL2Norm([x], two), Throws.ArgumentException.With.Property("ParamName").EqualTo("norm"));
        var gone = device.Pool.Rent(3);
        gone.Dispose();
        Assert.That(
            () => device.Ops.Reductions.GlobalL2Norm([x, gone], two),
            Throws.TypeOf<ObjectDisposedException>().With.Property("ObjectName").EqualTo("tensors[1]"));
    }
}
