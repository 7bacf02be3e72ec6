using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host-SIMD device's LSTM ops (<see cref="HostLstmOps"/>) against the ILGPU kernels on the same operands: views with
/// offsets into larger buffers, a capacity above the batch, padded steps, and the shared argument validation.
/// </summary>
[TestFixture]
internal sealed class HostLstmOpsTests
{
    // Both are float computations of the same formulas with differently rounded exp/tanh and summation order.
    private const double Tolerance = 1e-5;

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(1, 5, new[] { 5, 0, 2 }, 3, 4).SetArgDisplayNames("D=1 L=5 H=3");
        yield return new TestCaseData(2, 6, new[] { 6, 1, 4, 6, 3 }, 16, 6).SetArgDisplayNames("D=2 L=6 H=16");
        yield return new TestCaseData(2, 3, new[] { 3, 2 }, 5, 2).SetArgDisplayNames("D=2 L=3 H=5");
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesTheIlgpuKernels(int directions, int steps, int[] lengths, int hidden, int capacity)
    {
        var host = Run(TestDevices.Get(DeviceKind.HostSimd), directions, steps, lengths, hidden, capacity);
        var ilgpu = Run(TestDevices.Get(DeviceKind.IlgpuCpu), directions, steps, lengths, hidden, capacity);
        string[] names = ["gates", "cells", "h_prev", "y", "dz"];
        for (int i = 0; i < names.Length; i++)
        {
            GradientCheck.AssertClose(names[i], Widen(host[i]), Widen(ilgpu[i]), Tolerance);
            for (int j = 0; j < host[i].Length; j++)
            {
                if (ilgpu[i][j] == 0f)
                {
                    Assert.That(host[i][j], Is.Zero, $"{names[i]}[{j}] (a padded step)");
                }
            }
        }
    }

    [Test]
    public void BadOperandsAreRejectedByTheSharedValidation()
    {
        var device = TestDevices.Get(DeviceKind.HostSimd);
        using var lengths = device.Pool.Rent(2);
        using var gates = device.Pool.Rent(2, 2, 3, 8);
        using var cells = device.Pool.Rent(2, 2, 3, 2);
        using var previousHidden = device.Pool.Rent(2, 2, 3, 2);
        using var output = device.Pool.Rent(2, 3, 4);
        using var u = device.Pool.Rent(2, 8);
        using var wrongU = device.Pool.Rent(3, 8);

        var missingReverse = Assert.Throws<ArgumentNullException>(
            () => device.Ops.Lstm.Forward(2, lengths, gates, cells, previousHidden, output, u, null));
        Assert.That(missingReverse!.ParamName, Is.EqualTo("reverseRecurrentKernel"));
        var badKernel = Assert.Throws<ArgumentException>(
            () => device.Ops.Lstm.Backward(2, lengths, gates, cells, output, gates, wrongU, u));
        Assert.That(badKernel!.ParamName, Is.EqualTo("forwardRecurrentKernel"));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => device.Ops.Lstm.Forward(3, lengths, gates, cells, previousHidden, output, u, u));
    }

    [Test]
    public void ForwardAndBackwardAllocateNothingOnceWarm()
    {
        // On one thread every chunk runs on the calling thread, so the per-thread counter sees all of the work.
        var device = TestDevices.Get(DeviceKind.HostSimd);
        const int batch = 6, steps = 5, hidden = 8;
        using var lengths = device.Pool.Rent(batch);
        lengths.Upload([5f, 3f, 0f, 5f, 1f, 4f]);
        using var gates = device.Pool.Rent(2, batch, steps, 4 * hidden);
        using var cells = device.Pool.Rent(2, batch, steps, hidden);
        using var previousHidden = device.Pool.Rent(2, batch, steps, hidden);
        using var output = device.Pool.Rent(batch, steps, 2 * hidden);
        using var outputGradient = device.Pool.Rent(batch, steps, 2 * hidden);
        using var gateGradient = device.Pool.Rent(2, batch, steps, 4 * hidden);
        using var u = device.Pool.Rent(hidden, 4 * hidden);
        var random = new ReferenceRandom(47);
        gates.Upload(Floats(random, gates.Length, 1.0));
        outputGradient.Upload(Floats(random, outputGradient.Length, 1.0));
        u.Upload(Floats(random, u.Length, 0.5));
        int savedThreads = HostParallel.ThreadCount;
        try
        {
            HostParallel.ThreadCount = 1;
            device.Ops.Lstm.Forward(batch, lengths, gates, cells, previousHidden, output, u, u);
            device.Ops.Lstm.Backward(batch, lengths, gates, cells, outputGradient, gateGradient, u, u);
            long before = GC.GetAllocatedBytesForCurrentThread();
            device.Ops.Lstm.Forward(batch, lengths, gates, cells, previousHidden, output, u, u);
            device.Ops.Lstm.Backward(batch, lengths, gates, cells, outputGradient, gateGradient, u, u);
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        }
        finally
        {
            HostParallel.ThreadCount = savedThreads;
        }
    }

    // Runs forward then backward from the same seeded operands; returns gates, cells, h_prev, y and dz.
    private static float[][] Run(Device device, int directions, int steps, int[] lengths, int hidden, int capacity)
    {
        int batch = lengths.Length;
        int width = 4 * hidden;
        int outWidth = directions * hidden;
        var random = new ReferenceRandom(41);
        var lengthValues = new float[capacity];
        for (int b = 0; b < batch; b++)
        {
            lengthValues[b] = lengths[b];
        }

        using var lengthsTensor = device.Pool.Rent(capacity);
        lengthsTensor.Upload(lengthValues);
        using var gates = device.Pool.Rent(directions, capacity, steps, width);
        gates.Upload(Floats(random, gates.Length, 1.5));
        using var cells = device.Pool.Rent(directions, capacity, steps, hidden);
        cells.Upload(Floats(random, cells.Length, 1.0));
        using var previousHidden = device.Pool.Rent(directions, capacity, steps, hidden);
        previousHidden.Upload(Floats(random, previousHidden.Length, 1.0));

        // Output and its gradient as the first events of capacity-sized buffers; kernels at offsets in one buffer.
        using var outputBuffer = device.Pool.Rent(capacity, steps, outWidth);
        outputBuffer.Upload(Floats(random, outputBuffer.Length, 1.0));
        var output = outputBuffer.Slice(0, batch);
        using var outputGradientBuffer = device.Pool.Rent(capacity, steps, outWidth);
        outputGradientBuffer.Upload(Floats(random, outputGradientBuffer.Length, 1.0));
        var outputGradient = outputGradientBuffer.Slice(0, batch);
        using var kernels = device.Pool.Rent(3, hidden, width);
        kernels.Upload(Floats(random, kernels.Length, 0.6));
        var forwardKernel = kernels.Slice(1, 1).Reshape(hidden, width);
        var reverseKernel = directions == 2 ? kernels.Slice(2, 1).Reshape(hidden, width) : null;
        using var gateGradient = device.Pool.Rent(directions, capacity, steps, width);
        gateGradient.Upload(Floats(random, gateGradient.Length, 1.0));

        device.Ops.Lstm.Forward(batch, lengthsTensor, gates, cells, previousHidden, output, forwardKernel, reverseKernel);
        device.Ops.Lstm.Backward(
            batch, lengthsTensor, gates, cells, outputGradient, gateGradient, forwardKernel, reverseKernel);
        device.Ops.Synchronize();
        return [gates.ToArray(), cells.ToArray(), previousHidden.ToArray(), output.ToArray(), gateGradient.ToArray()];
    }

    private static float[] Floats(ReferenceRandom random, long count, double magnitude) =>
        random.Uniform((int)count, -magnitude, magnitude).Select(v => (float)v).ToArray();

    private static double[] Widen(float[] values) => values.Select(v => (double)v).ToArray();
}
