using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host-SIMD Conv1D, pooling, dropout and loss ops allocate nothing after their first call (scratch is kept,
/// validation and the parallel split are allocation-free), as a training step on the host must not. Measured on one
/// thread, where every chunk runs on the calling thread and GC.GetAllocatedBytesForCurrentThread sees all of it.
/// </summary>
[TestFixture]
internal sealed class HostLayerOpsAllocationTests
{
    [Test]
    public void OpsAllocateNothingAfterTheFirstCall()
    {
        var device = TestDevices.Get(DeviceKind.HostSimd);
        const int batch = 5, steps = 120, cin = 6, cout = 24, k = 3, units = 20;
        using var x = device.Pool.Rent(batch, steps, cin);
        using var w = device.Pool.Rent(k, cin, cout);
        using var bias = device.Pool.Rent(cout);
        using var columns = device.Pool.Rent(batch, steps, k * cin);
        using var dColumns = device.Pool.Rent(batch, steps, k * cin);
        using var y = device.Pool.Rent(batch, steps, cout);
        using var dz = device.Pool.Rent(batch, steps, cout);
        using var dx = device.Pool.Rent(batch, steps, cin);
        using var dw = device.Pool.Rent(k, cin, cout);
        using var dbias = device.Pool.Rent(cout);
        using var pooled = device.Pool.Rent(batch, cout);
        using var dense = device.Pool.Rent(batch, units);
        using var prediction = device.Pool.Rent(batch, 3);
        using var target = device.Pool.Rent(batch, 3);
        using var mean = device.Pool.Rent(1);
        using var gradient = device.Pool.Rent(batch, 3);
        using var perEvent = device.Pool.Rent(batch);
        using var kappa = device.Pool.Rent(batch);
        var context = LayerHarness.Context(device, [120, 7, 0, 64, 119]);
        using var lengths = context.Lengths;
        var random = new ReferenceRandom(46);
        foreach (var tensor in new[] { x, w, bias, dense, prediction, target })
        {
            tensor.Upload(LayerHarness.ToFloat(random.Uniform(tensor.Length)));
        }

        void Step(ulong step)
        {
            device.Ops.Conv1D.Forward(x, lengths, w, bias, columns, y, ActivationKind.Relu);
            device.Ops.Pooling.Forward(y, lengths, pooled);
            device.Ops.Dropout.Apply(dense, dense, 0.2f, 3, step);
            device.Ops.Loss.Compute(LossKind.Angular, prediction, target, mean, gradient);
            device.Ops.Loss.Compute(LossKind.VonMisesFisher, prediction, target, mean, gradient, perEvent, kappa);
            device.Ops.Pooling.Backward(pooled, lengths, y);
            device.Ops.Conv1D.Backward(lengths, w, columns, y, y, ActivationKind.Relu, dz, dColumns, dw, dbias, dx);
        }

        int savedThreads = HostParallel.ThreadCount;
        try
        {
            HostParallel.ThreadCount = 1;
            Step(1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (ulong step = 2; step < 7; step++)
            {
                Step(step);
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        }
        finally
        {
            HostParallel.ThreadCount = savedThreads;
        }
    }
}
