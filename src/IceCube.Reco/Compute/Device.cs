using System.Globalization;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace IceCube.Reco.Compute;

/// <summary>
/// Where the network computes: an NVIDIA GPU (CUDA, through ILGPU), the host's cores with vector instructions
/// (host-SIMD, the CPU device), or ILGPU's CPU accelerator (only to debug kernels). Every device holds an ILGPU
/// context with one accelerator; the host-SIMD device uses its CPU accelerator only to allocate host buffers.
/// Choose with <see cref="Best"/>, <see cref="Cpu"/>, <see cref="Cuda"/>, <see cref="Open"/> or
/// <see cref="Select"/>; dispose it when done (that frees every device buffer it holds).
/// </summary>
/// <example>
/// <code>
/// using var device = Device.Select(args.Length &gt; 0 ? args[0] : null); // explicit, then ICECUBE_RECO_DEVICE, then auto
/// Console.WriteLine(device);                                             // e.g. "cuda:0 (NVIDIA H200)"
/// </code>
/// </example>
public sealed class Device : IDisposable
{
    private readonly Context context;
    private readonly int index;
    private bool disposed;

    private Device(Context context, Accelerator accelerator, DeviceKind kind, int index, string name)
    {
        this.context = context;
        this.index = index;
        Accelerator = accelerator;
        Kind = kind;
        Name = name;
        Pool = new TensorPool(this);
        Ops = ComputeOps.For(this);
    }

    /// <summary>The kind of hardware.</summary>
    public DeviceKind Kind { get; }

    /// <summary>
    /// The hardware's name, e.g. "NVIDIA H200", "host SIMD (512-bit vectors, 2 threads)" or
    /// "ILGPU CPU accelerator (4 threads)".
    /// </summary>
    public string Name { get; }

    /// <summary>
    /// Descriptions of the devices this machine offers, one per entry, each starting with the choice string that
    /// opens it ("cpu: ...", "ilgpu-cpu: ...", "cuda:0: ..."): the two CPU devices first (always present), then one
    /// per CUDA device.
    /// </summary>
    public static IReadOnlyList<string> Available
    {
        get
        {
            var list = new List<string>
            {
                $"cpu: {HostSimdName()}",
                $"ilgpu-cpu: {CpuName(CpuDeviceShape())}",
            };
            using var probe = Context.Create(builder => builder.Cuda());
            var cudaDevices = probe.GetCudaDevices();
            for (int i = 0; i < cudaDevices.Count; i++)
            {
                list.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"cuda:{i}: {cudaDevices[i].Name}, {cudaDevices[i].MemorySize / (1024.0 * 1024 * 1024):F1} GiB"));
            }

            return list;
        }
    }

    /// <summary>
    /// Threads the CPU device (<see cref="Cpu"/>) computes on, the calling thread included: by default every logical
    /// processor. Work is split into chunks fixed by the problem size and partial sums are combined in a fixed order,
    /// so results are the same bit for bit whatever the count. Applies to every CPU device of the process.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public static int CpuThreads
    {
        get => HostParallel.ThreadCount;
        set => HostParallel.ThreadCount = value;
    }

    /// <summary>The ILGPU accelerator (internal: layers reach it only through <see cref="Ops"/>).</summary>
    internal Accelerator Accelerator { get; }

    /// <summary>The device's buffer pool.</summary>
    internal TensorPool Pool { get; }

    /// <summary>The operations seam every layer calls.</summary>
    internal ComputeOps Ops { get; }

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    internal bool IsDisposed => disposed;

    /// <summary>The first CUDA device when one exists, else the host-SIMD CPU device (<see cref="Cpu"/>).</summary>
    /// <returns>An open device; the caller disposes it.</returns>
    public static Device Best()
    {
        using (var probe = Context.Create(builder => builder.Cuda()))
        {
            if (probe.GetCudaDevices().Count > 0)
            {
                return Cuda(0);
            }
        }

        return Cpu();
    }

    /// <summary>
    /// The CPU device: every operation in C# with vector instructions (AVX-512, AVX2, 128-bit or scalar, the widest
    /// this machine has) on all cores. ILGPU's CPU accelerator, for debugging kernels, is <c>Open("ilgpu-cpu")</c>.
    /// </summary>
    /// <returns>An open device; the caller disposes it.</returns>
    public static Device Cpu() => CreateHostSimd();

    /// <summary>The CUDA device with the given index.</summary>
    /// <param name="index">Index among this machine's CUDA devices, from 0.</param>
    /// <returns>An open device; the caller disposes it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">There is no CUDA device with that index (never a silent fallback).</exception>
    public static Device Cuda(int index = 0) => CreateCuda(index, assertions: false);

    /// <summary>
    /// Opens a device from a choice string: "auto" (as <see cref="Best"/>), "cpu" or its alias "host-simd" (as
    /// <see cref="Cpu"/>), "ilgpu-cpu" (ILGPU's CPU accelerator, to debug kernels), "cuda" or "cuda:N";
    /// case-insensitive.
    /// </summary>
    /// <param name="choice">The choice string.</param>
    /// <returns>An open device; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The string is none of the accepted forms.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for and the device does not exist.</exception>
    public static Device Open(string choice) => OpenChoice(DeviceChoice.Parse(choice, nameof(choice)));

    /// <summary>
    /// Opens the device chosen by precedence: <paramref name="explicitChoice"/> when given (code or command line),
    /// else the environment variable ICECUBE_RECO_DEVICE when set, else "auto". Both take the forms of <see cref="Open"/>.
    /// </summary>
    /// <param name="explicitChoice">A choice string, or null or blank for none.</param>
    /// <returns>An open device; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The explicit or environment choice is none of the accepted forms.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for and the device does not exist.</exception>
    public static Device Select(string? explicitChoice) =>
        OpenChoice(DeviceChoice.Resolve(
            explicitChoice, Environment.GetEnvironmentVariable(DeviceChoice.EnvironmentVariable)));

    /// <summary>The choice string that opens this device, and its name, e.g. "cuda:0 (NVIDIA H200)".</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => Kind switch
    {
        DeviceKind.IlgpuCpu => $"ilgpu-cpu ({Name})",
        DeviceKind.HostSimd => $"cpu ({Name})",
        _ => string.Create(CultureInfo.InvariantCulture, $"cuda:{index} ({Name})"),
    };

    /// <summary>Frees every buffer, the accelerator and the ILGPU context; later use throws ObjectDisposedException.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Pool.Dispose();
        Accelerator.Dispose();
        context.Dispose();
    }

    /// <summary>
    /// A CPU accelerator, optionally with ILGPU's assertions (bounds checks inside kernels, for tests) and an explicit
    /// thread layout (tests of the shared-memory GEMM need groups of 256 threads).
    /// </summary>
    internal static Device CreateCpu(bool assertions, CpuDeviceShape? shape = null)
    {
        var layout = shape ?? CpuDeviceShape();
        var cpuDevice = new CPUDevice(layout.ThreadsPerWarp, layout.WarpsPerMultiprocessor, layout.Multiprocessors);
        var context = Context.Create(builder =>
        {
            builder.CPU(cpuDevice).EnableAlgorithms();
            if (assertions)
            {
                builder.Assertions();
            }
        });
        try
        {
            var accelerator = context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel);
            return new Device(context, accelerator, DeviceKind.IlgpuCpu, 0, CpuName(layout));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The host-SIMD device. Its CPU accelerator only allocates buffers (host memory, which the host ops address
    /// directly) and never runs a kernel, so it gets the smallest thread layout.
    /// </summary>
    internal static Device CreateHostSimd()
    {
        var context = Context.Create(builder => builder.CPU(new CPUDevice(2, 1, 1)));
        try
        {
            var accelerator = context.CreateCPUAccelerator(0, CPUAcceleratorMode.Sequential);
            return new Device(context, accelerator, DeviceKind.HostSimd, 0, HostSimdName());
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>A CUDA accelerator, optionally with ILGPU's assertions.</summary>
    internal static Device CreateCuda(int index, bool assertions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var context = Context.Create(builder =>
        {
            builder.Cuda().EnableAlgorithms();
            if (assertions)
            {
                builder.Assertions();
            }
        });
        try
        {
            int count = context.GetCudaDevices().Count;
            if (index >= count)
            {
                throw new InvalidOperationException(count == 0
                    ? $"CUDA device {index} was asked for, but this machine has no CUDA device."
                    : $"CUDA device {index} was asked for, but this machine has {count} (cuda:0..cuda:{count - 1}).");
            }

            var accelerator = context.CreateCudaAccelerator(index);
            return new Device(context, accelerator, DeviceKind.Cuda, index, accelerator.Name);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Throws ObjectDisposedException once the device is disposed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    private static Device OpenChoice(DeviceChoice choice) => choice.Kind switch
    {
        null => Best(),
        DeviceKind.IlgpuCpu => CreateCpu(assertions: false),
        DeviceKind.HostSimd => Cpu(),
        _ => Cuda(choice.Index),
    };

    // Two threads per warp, one warp per multiprocessor, one multiprocessor per two cores: few OS threads, because
    // each simulated GPU thread is a real thread and launches cost more with every one (ARCHITECTURE.md).
    private static CpuDeviceShape CpuDeviceShape() =>
        new(2, 1, Math.Max(2, Environment.ProcessorCount / 2));

    private static string HostSimdName() => string.Create(
        CultureInfo.InvariantCulture,
        $"host SIMD ({SimdCapability.Describe(SimdCapability.Best)}, {HostParallel.ThreadCount} threads)");

    private static string CpuName(CpuDeviceShape shape) =>
        $"ILGPU CPU accelerator ({shape.ThreadsPerWarp * shape.WarpsPerMultiprocessor * shape.Multiprocessors} threads)";
}
