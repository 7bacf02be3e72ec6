using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Device tensors: transfers, pooling, views and their errors.</summary>
[TestFixture]
public sealed class DeviceTensorTests
{
    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void UploadDownloadRoundTrips(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        var values = HostData.Uniform(65, seed: 70);
        using var tensor = device.Pool.Rent(5, 13);
        tensor.Upload(values);
        Assert.That(tensor.ToArray(), Is.EqualTo(values));
        Assert.That(tensor.Shape.ToArray(), Is.EqualTo(new[] { 5, 13 }));
        Assert.That(() => tensor.Upload(new float[64]), Throws.ArgumentException.With.Property("ParamName").EqualTo("source"));
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void ReturnedBuffersAreReusedSoSteadyStateAllocatesNothing(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);

        // A "training step" renting and returning the same three shapes: only the first allocates (sizes here are
        // unusual enough that no other test has left buffers of these lengths in the pool).
        void Step()
        {
            using var a = device.Pool.Rent(3, 1009);
            using var b = device.Pool.Rent(1013);
            using var c = device.Pool.Rent(7, 1019);
        }

        Step();
        int afterWarmUp = device.Pool.AllocatedBuffers;
        for (int i = 0; i < 5; i++)
        {
            Step();
        }

        Assert.That(device.Pool.AllocatedBuffers, Is.EqualTo(afterWarmUp));
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void ViewsShareTheOwnersBuffer(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        var values = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        using var owner = device.Pool.Rent(2, 3, 4);
        owner.Upload(values);

        Assert.That(owner.Reshape(6, 4).Slice(1, 2).ToArray(), Is.EqualTo(values[4..12]));
        var step = owner.Step(1);
        Assert.That(step.Shape.ToArray(), Is.EqualTo(new[] { 2, 4 }));
        Assert.That(step.IsContiguous, Is.False);
        Assert.That(step.RowStride, Is.EqualTo(12));
        Assert.That(step.Slice(1, 1).Reshape(4).ToArray(), Is.EqualTo(values[16..20]));

        device.Ops.Elementwise.Fill(owner.Slice(1, 1), -1f);
        Assert.That(owner.ToArray()[12..], Is.All.EqualTo(-1f));
        Assert.That(owner.ToArray()[..12], Is.EqualTo(values[..12]));
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void BadShapesAndUseAfterDisposeAreRejected(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        Assert.That(() => device.Pool.Rent(3, -1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("negative"));
        Assert.That(() => device.Pool.Rent(65536, 65536), Throws.TypeOf<ArgumentOutOfRangeException>());

        var owner = device.Pool.Rent(4, 2);
        var view = owner.Slice(1, 2);
        Assert.That(() => owner.Reshape(3, 3), Throws.ArgumentException.With.Property("ParamName").EqualTo("newShape"));
        Assert.That(() => owner.Slice(3, 2), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => owner.Step(0), Throws.ArgumentException);
        owner.Dispose();
        Assert.That(() => view.ToArray(), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => device.Ops.Elementwise.Fill(view, 0f), Throws.TypeOf<ObjectDisposedException>().With.Property("ObjectName").EqualTo("x"));
    }
}
