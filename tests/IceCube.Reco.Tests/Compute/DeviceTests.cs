using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Device choice strings, their precedence, and the device's lifetime.</summary>
[TestFixture]
public sealed class DeviceTests
{
    [TestCase("auto", null, 0)]
    [TestCase("AUTO", null, 0)]
    [TestCase(" cpu ", DeviceKind.HostSimd, 0)]
    [TestCase("ILGPU-CPU", DeviceKind.IlgpuCpu, 0)]
    [TestCase("host-simd", DeviceKind.HostSimd, 0)]
    [TestCase("Cuda", DeviceKind.Cuda, 0)]
    [TestCase("cuda:3", DeviceKind.Cuda, 3)]
    public void ChoiceStringsParse(string text, DeviceKind? kind, int index)
    {
        var choice = DeviceChoice.Parse(text, "test");
        Assert.That(choice.Kind, Is.EqualTo(kind));
        Assert.That(choice.Index, Is.EqualTo(index));
    }

    [TestCase("gpu")]
    [TestCase("cuda:")]
    [TestCase("cuda:-1")]
    [TestCase("cuda:x")]
    [TestCase("cpu:0")]
    [TestCase("host")]
    [TestCase("")]
    public void BadChoiceStringsNameTheValueAndTheAcceptedForms(string text)
    {
        Assert.That(
            () => Device.Open(text),
            Throws.ArgumentException.With.Message.Contains($"\"{text}\"").And.Message.Contains("cuda:N"));
    }

    [Test]
    public void ExplicitChoiceBeatsEnvironmentWhichBeatsAuto()
    {
        Assert.That(DeviceChoice.Resolve("cpu", "cuda:1").Kind, Is.EqualTo(DeviceKind.HostSimd));
        Assert.That(DeviceChoice.Resolve(null, "cuda:1"), Is.EqualTo(new DeviceChoice(DeviceKind.Cuda, 1)));
        Assert.That(DeviceChoice.Resolve("  ", "ilgpu-cpu").Kind, Is.EqualTo(DeviceKind.IlgpuCpu));
        Assert.That(DeviceChoice.Resolve(null, null).IsAuto, Is.True);
        Assert.That(DeviceChoice.Resolve(null, " ").IsAuto, Is.True);
        Assert.That(
            () => DeviceChoice.Resolve(null, "tpu"),
            Throws.ArgumentException.With.Message.Contains(DeviceChoice.EnvironmentVariable));
    }

    [Test]
    public void SelectReadsTheEnvironmentVariable()
    {
        string? saved = Environment.GetEnvironmentVariable(DeviceChoice.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DeviceChoice.EnvironmentVariable, "nonsense");
            Assert.That(() => Device.Select(null), Throws.ArgumentException.With.Message.Contains("nonsense"));
            using var device = Device.Select("cpu");
            Assert.That(device.Kind, Is.EqualTo(DeviceKind.HostSimd));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DeviceChoice.EnvironmentVariable, saved);
        }
    }

    [Test]
    public void CpuDeviceDescribesItselfAndDisposesCleanly()
    {
        var device = Device.Open("ilgpu-cpu");
        Assert.That(device.Kind, Is.EqualTo(DeviceKind.IlgpuCpu));
        Assert.That(device.Name, Does.Contain("CPU accelerator"));
        Assert.That(device.ToString(), Does.StartWith("ilgpu-cpu ("));
        var tensor = device.Pool.Rent(3);
        device.Dispose();
        device.Dispose();
        Assert.That(() => device.Pool.Rent(3), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => tensor.ToArray(), Throws.TypeOf<ObjectDisposedException>());
        tensor.Dispose();
    }

    [Test]
    public void HostSimdDeviceDescribesItselfAndRoundTripsTensors()
    {
        using var device = Device.Open("host-simd");
        Assert.That(device.Kind, Is.EqualTo(DeviceKind.HostSimd));
        Assert.That(device.ToString(), Does.StartWith("cpu (host SIMD ("));
        using (var cpu = Device.Cpu())
        {
            Assert.That(cpu.Kind, Is.EqualTo(DeviceKind.HostSimd));
        }

        using var tensor = device.Pool.Rent(5);
        float[] values = [1f, -2f, 3.5f, 0f, 7f];
        tensor.Upload(values);
        Assert.That(tensor.ToArray(), Is.EqualTo(values));
    }

    [Test]
    public void CpuThreadsIsConfigurableAndValidated()
    {
        int saved = Device.CpuThreads;
        try
        {
            Assert.That(saved, Is.EqualTo(Environment.ProcessorCount));
            Device.CpuThreads = 1;
            Assert.That(Device.CpuThreads, Is.EqualTo(1));
            Assert.That(() => Device.CpuThreads = 0, Throws.TypeOf<ArgumentOutOfRangeException>());
        }
        finally
        {
            Device.CpuThreads = saved;
        }
    }

    [Test]
    public void AvailableListsTheCpuFirst()
    {
        var available = Device.Available;
        Assert.That(available[0], Does.StartWith("cpu: host SIMD"));
        Assert.That(available[1], Does.StartWith("ilgpu-cpu: "));
        Assert.That(available.Skip(2), Is.All.StartWith("cuda:"));
    }

    [Test]
    public void AskingForAMissingCudaDeviceIsAnErrorNotAFallback()
    {
        int cudaCount = Device.Available.Count - 2;
        Assert.That(() => Device.Cuda(cudaCount), Throws.InvalidOperationException.With.Message.Contains("CUDA device"));
        Assert.That(() => Device.Cuda(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
        if (cudaCount == 0)
        {
            Assert.That(() => Device.Open("cuda"), Throws.InvalidOperationException);
            using var best = Device.Best();
            Assert.That(best.Kind, Is.EqualTo(DeviceKind.HostSimd));
        }
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void SharedTestDevicesHaveTheirKind(DeviceKind kind)
    {
        Assert.That(TestDevices.Get(kind).Kind, Is.EqualTo(kind));
    }
}
