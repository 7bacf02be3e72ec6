using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host LSTM recurrence (<see cref="HostLstm"/>) on its own, at every SIMD width this machine has, against
/// <see cref="LstmReference"/> and <see cref="BiLstmReference"/>. The reference runs with Cin = 4H, W = identity and
/// a zero bias, so its x is exactly the gate input z and its dx exactly the sum of the directions' dz; dU is rebuilt
/// in double from the stored h_prev and dz, which checks both. Buffers start as NaN, so any read of a padded step or
/// of an event past the batch shows.
/// </summary>
[TestFixture]
internal sealed unsafe class HostLstmRecurrenceTests
{
    // Float against double through a handful of steps, as in LstmTests.
    private const double Tolerance = 1e-4;

    /// <summary>Shape of one comparison; the capacity may exceed the batch.</summary>
    public sealed record Case(int Directions, int Steps, int[] Lengths, int Hidden, int Capacity)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"D={Directions} L={Steps} len=[{string.Join(",", Lengths)}] H={Hidden} C={Capacity}";
    }

    /// <summary>Everything one forward and backward call wrote.</summary>
    private sealed record Outcome(float[] Gates, float[] Cells, float[] PreviousHidden, float[] Output, float[] GateGradient);

    private static readonly Case[] Shapes =
    [
        new(1, 1, [1], 1, 1),
        new(2, 1, [1], 1, 1),
        new(1, 7, [7, 0, 3], 3, 3),
        new(2, 7, [0, 4, 7], 5, 4),
        new(2, 9, [9, 1, 6, 2, 9], 6, 7),
        new(2, 5, [0], 2, 2),
        new(2, 6, [6, 2, 5, 6, 3, 1, 4, 6, 5], 16, 9),
        new(1, 4, [4, 3, 2, 1, 4], 17, 5),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var width in Widths())
        {
            foreach (var c in Shapes)
            {
                yield return new TestCaseData(width, c).SetArgDisplayNames(width.ToString(), c.ToString());
            }
        }
    }

    private static IEnumerable<SimdWidth> Widths() =>
        Enum.GetValues<SimdWidth>().Where(w => w <= SimdCapability.Best);

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndBackwardMatchTheReference(SimdWidth width, Case c)
    {
        int batch = c.Lengths.Length;
        int hidden = c.Hidden;
        int gateWidth = 4 * hidden;
        var (z, u, dy) = Inputs(c);
        var run = Run(c, z, u, dy, width);

        var identity = new double[gateWidth * gateWidth];
        for (int j = 0; j < gateWidth; j++)
        {
            identity[(j * gateWidth) + j] = 1.0;
        }

        var zeroBias = new double[gateWidth];
        var x = Widen(z, batch * c.Steps * gateWidth);
        double[] expectedY;
        double[] expectedDx;
        double[][] expectedDu;
        if (c.Directions == 2)
        {
            expectedY = BiLstmReference.Forward(
                x, c.Lengths, batch, c.Steps, gateWidth, identity, u[0], zeroBias, identity, u[1], zeroBias, hidden);
            var (dx, f, r) = BiLstmReference.Backward(
                x, c.Lengths, batch, c.Steps, gateWidth, identity, u[0], zeroBias, identity, u[1], zeroBias, hidden, dy);
            expectedDx = dx;
            expectedDu = [f.Du, r.Du];
        }
        else
        {
            expectedY = LstmReference.Forward(
                x, c.Lengths, batch, c.Steps, gateWidth, identity, u[0], zeroBias, hidden, reverse: false);
            var one = LstmReference.Backward(
                x, c.Lengths, batch, c.Steps, gateWidth, identity, u[0], zeroBias, hidden, reverse: false, dy);
            expectedDx = one.Dx;
            expectedDu = [one.Du];
        }

        GradientCheck.AssertClose("y", Widen(run.Output, run.Output.Length), expectedY, Tolerance);

        // dx = sum over directions of dz (W = identity), and dU = H_prev^T dz per direction.
        long gateBlock = (long)c.Capacity * c.Steps * gateWidth;
        long stateBlock = (long)c.Capacity * c.Steps * hidden;
        var dzSum = new double[batch * c.Steps * gateWidth];
        for (int d = 0; d < c.Directions; d++)
        {
            var du = new double[hidden * gateWidth];
            for (int row = 0; row < batch * c.Steps; row++)
            {
                for (int j = 0; j < gateWidth; j++)
                {
                    double dz = run.GateGradient[(d * gateBlock) + ((long)row * gateWidth) + j];
                    dzSum[(row * gateWidth) + j] += dz;
                    for (int k = 0; k < hidden; k++)
                    {
                        du[(k * gateWidth) + j] += run.PreviousHidden[(d * stateBlock) + ((long)row * hidden) + k] * dz;
                    }
                }
            }

            GradientCheck.AssertClose($"dU[{d}]", du, expectedDu[d], Tolerance);
        }

        GradientCheck.AssertClose("dx", dzSum, expectedDx, Tolerance);
        AssertPaddingAndUntouched(c, run);
    }

    [Test]
    public void EveryWidthGivesTheSameBits()
    {
        var c = Shapes[6];
        var (z, u, dy) = Inputs(c);
        var scalar = Run(c, z, u, dy, SimdWidth.Scalar);
        foreach (var width in Widths().Where(w => w != SimdWidth.Scalar))
        {
            AssertSameBits(scalar, Run(c, z, u, dy, width), width.ToString());
        }
    }

    [Test]
    public void OneOrTwoThreadsGiveTheSameBits()
    {
        var c = new Case(2, 6, [6, 2, 5, 6, 3, 1, 4, 6, 5, 6, 6, 2, 1, 3, 6, 5, 4], 8, 17);
        var (z, u, dy) = Inputs(c);
        int threads = HostParallel.ThreadCount;
        try
        {
            HostParallel.ThreadCount = 1;
            var one = Run(c, z, u, dy, SimdCapability.Best);
            HostParallel.ThreadCount = 2;
            var two = Run(c, z, u, dy, SimdCapability.Best);
            AssertSameBits(one, two, "1 vs 2 threads");
        }
        finally
        {
            HostParallel.ThreadCount = threads;
        }
    }

    // z [B, L, 4H] (the gate input of both directions), U per direction, dy [B, L, D * H]; NaN in dy's padded steps.
    private static (float[] Z, double[][] U, double[] Dy) Inputs(Case c)
    {
        int batch = c.Lengths.Length;
        int gateWidth = 4 * c.Hidden;
        var z = LstmHarness.RandomValues(batch * c.Steps * gateWidth, seed: 31, low: -1.5, high: 1.5)
            .Select(v => (float)v).ToArray();
        var u = new double[c.Directions][];
        for (int d = 0; d < c.Directions; d++)
        {
            u[d] = LstmHarness.RandomValues(c.Hidden * gateWidth, seed: 32 + d, low: -0.6, high: 0.6);
        }

        var dy = LstmHarness.RandomValues(batch * c.Steps * c.Directions * c.Hidden, seed: 35);
        return (z, u, dy);
    }

    private static Outcome Run(Case c, float[] z, double[][] u, double[] dy, SimdWidth width)
    {
        int batch = c.Lengths.Length;
        int hidden = c.Hidden;
        int gateWidth = 4 * hidden;
        int outWidth = c.Directions * hidden;
        var shape = new LstmShape(batch, c.Steps, hidden, c.Directions, c.Capacity);
        var gates = Filled(c.Directions * c.Capacity * c.Steps * gateWidth);
        var cells = Filled(c.Directions * c.Capacity * c.Steps * hidden);
        var previousHidden = Filled(cells.Length);
        var output = Filled(batch * c.Steps * outWidth);
        var gateGradient = Filled(gates.Length);
        var outputGradient = Filled(output.Length);
        var lengths = Filled(c.Capacity);
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = c.Lengths[b];
            for (int t = 0; t < c.Lengths[b]; t++)
            {
                int row = (b * c.Steps) + t;
                for (int d = 0; d < c.Directions; d++)
                {
                    Array.Copy(z, row * gateWidth, gates, (((d * c.Capacity * c.Steps) + row) * gateWidth), gateWidth);
                }

                for (int k = 0; k < outWidth; k++)
                {
                    outputGradient[(row * outWidth) + k] = (float)dy[(row * outWidth) + k];
                }
            }
        }

        var forwardU = u[0].Select(v => (float)v).ToArray();
        var reverseU = c.Directions == 2 ? u[1].Select(v => (float)v).ToArray() : [];
        var scratch = new float[HostLstm.BackwardScratchLength(c.Directions, batch, hidden)];
        fixed (float* l = lengths, g = gates, ce = cells, p = previousHidden, o = output, dz = gateGradient)
        fixed (float* dyp = outputGradient, fu = forwardU, ru = reverseU, s = scratch)
        {
            HostLstm.Forward(shape, l, g, ce, p, o, fu, c.Directions == 2 ? ru : null, width);
            HostLstm.Backward(shape, l, g, ce, dyp, dz, fu, c.Directions == 2 ? ru : null, s, width);
        }

        return new Outcome(gates, cells, previousHidden, output, gateGradient);
    }

    // Padded steps hold exact zeros in the output, h_prev and dz; events past the batch are never written.
    private static void AssertPaddingAndUntouched(Case c, Outcome run)
    {
        int batch = c.Lengths.Length;
        int hidden = c.Hidden;
        int outWidth = c.Directions * hidden;
        for (int d = 0; d < c.Directions; d++)
        {
            for (int b = 0; b < c.Capacity; b++)
            {
                for (int t = b < batch ? c.Lengths[b] : 0; t < c.Steps; t++)
                {
                    long state = (((long)((d * c.Capacity) + b) * c.Steps) + t) * hidden;
                    for (int k = 0; k < hidden; k++)
                    {
                        float h = run.PreviousHidden[state + k];
                        Assert.That(b < batch ? h == 0f : float.IsNaN(h), Is.True, $"h_prev[{d}, {b}, {t}, {k}] = {h}");
                    }

                    for (int j = 0; j < 4 * hidden; j++)
                    {
                        float dz = run.GateGradient[(4 * state) + j];
                        Assert.That(b < batch ? dz == 0f : float.IsNaN(dz), Is.True, $"dz[{d}, {b}, {t}, {j}] = {dz}");
                    }

                    if (b < batch)
                    {
                        for (int k = 0; k < hidden; k++)
                        {
                            float y = run.Output[(((b * c.Steps) + t) * outWidth) + (d * hidden) + k];
                            Assert.That(y, Is.Zero, $"y[{b}, {t}, {(d * hidden) + k}]");
                        }
                    }
                }
            }
        }
    }

    private static void AssertSameBits(Outcome expected, Outcome actual, string what)
    {
        AssertSameBits(expected.Gates, actual.Gates, $"{what}: gates");
        AssertSameBits(expected.Cells, actual.Cells, $"{what}: cells");
        AssertSameBits(expected.PreviousHidden, actual.PreviousHidden, $"{what}: h_prev");
        AssertSameBits(expected.Output, actual.Output, $"{what}: y");
        AssertSameBits(expected.GateGradient, actual.GateGradient, $"{what}: dz");
    }

    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.That(
            actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)),
            what);
    }

    private static float[] Filled(int count) => Enumerable.Repeat(float.NaN, count).ToArray();

    private static double[] Widen(float[] values, int count) => values.Take(count).Select(v => (double)v).ToArray();
}
