using IceCube.Reco.Compute;
using ILGPU;
using ILGPU.Runtime.Cuda;

namespace IceCube.Reco.Tests.TestSupport;

/// <summary>
/// One shared device per kind for the whole test run (an ILGPU context is expensive), created on first use with
/// ILGPU's assertions on, so an out-of-bounds access inside a kernel fails the test instead of corrupting memory.
/// Device-parameterised tests take a <see cref="DeviceKind"/> from <see cref="Kinds"/> and call <see cref="Get"/>,
/// which reports the CUDA case as ignored when this machine has no CUDA device.
/// </summary>
internal static class TestDevices
{
    private static readonly Lazy<bool> HasCuda = new(() =>
    {
        using var probe = Context.Create(builder => builder.Cuda());
        return probe.GetCudaDevices().Count > 0;
    });

    private static readonly Dictionary<string, Device> Opened = [];

    /// <summary>
    /// Every device kind, for tests that build their own case lists: ILGPU's CPU accelerator, the host-SIMD device,
    /// and CUDA (ignored without a GPU).
    /// </summary>
    public static IReadOnlyList<DeviceKind> All { get; } = [DeviceKind.IlgpuCpu, DeviceKind.HostSimd, DeviceKind.Cuda];

    /// <summary>The device kinds every device-parameterised test runs on (<see cref="All"/>).</summary>
    public static IEnumerable<TestCaseData> Kinds
    {
        get
        {
            foreach (var kind in All)
            {
                yield return new TestCaseData(kind).SetArgDisplayNames(Display(kind));
            }
        }
    }

    /// <summary>The shared device of <paramref name="kind"/>; ignores the test when it does not exist here.</summary>
    public static Device Get(DeviceKind kind)
    {
        if (kind == DeviceKind.Cuda && !HasCuda.Value)
        {
            Assert.Ignore("no CUDA device");
        }

        return kind switch
        {
            DeviceKind.IlgpuCpu => Shared("ilgpu-cpu", () => Device.CreateCpu(assertions: true)),
            DeviceKind.HostSimd => Shared("host-simd", Device.CreateHostSimd),
            _ => Shared("cuda", () => Device.CreateCuda(0, assertions: true)),
        };
    }

    /// <summary>
    /// A CPU device whose groups hold 16 x 16 threads, running the CUDA variants of the GEMM and the LSTM recurrence
    /// (shared memory, barriers), so those kernels' indexing and synchronisation are checked without a GPU. Slow (each
    /// simulated thread is an OS thread): small sizes only.
    /// </summary>
    public static Device TiledCpu()
    {
        var device = Shared("cpu-tiled", () => Device.CreateCpu(assertions: true, new CpuDeviceShape(16, 16, 1)));
        ((IlgpuGemmOps)device.Ops.Gemm).Variant = GemmVariant.Tiled;
        ((IlgpuLstmOps)device.Ops.Lstm).Variant = LstmVariant.Grouped;
        return device;
    }

    /// <summary>The name a test case shows for <paramref name="kind"/>: its choice string.</summary>
    public static string Display(DeviceKind kind) => kind switch
    {
        DeviceKind.IlgpuCpu => "ilgpu-cpu",
        DeviceKind.HostSimd => "host-simd",
        _ => "cuda",
    };

    /// <summary>Disposes every shared device (called once, after the last test).</summary>
    public static void DisposeAll()
    {
        lock (Opened)
        {
            foreach (var device in Opened.Values)
            {
                device.Dispose();
            }

            Opened.Clear();
        }
    }

    private static Device Shared(string key, Func<Device> create)
    {
        lock (Opened)
        {
            if (!Opened.TryGetValue(key, out var device))
            {
                device = create();
                Opened[key] = device;
            }

            return device;
        }
    }
}
