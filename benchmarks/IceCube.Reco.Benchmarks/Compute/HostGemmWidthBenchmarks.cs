using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;
using IceCube.Reco.Compute.Host;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The host-SIMD GEMM on one thread at every vector width, at the largest network shape and 256^3: what each width
/// buys (the scalar row is the fallback of a machine without vector units). GFLOP/s = 2 * M * N * K / mean time.
/// </summary>
[MemoryDiagnoser(false)]
public class HostGemmWidthBenchmarks
{
    private Device device = null!;
    private DeviceTensor a = null!;
    private DeviceTensor b = null!;
    private DeviceTensor c = null!;
    private DeviceTensor bias = null!;

    /// <summary>M x K x N, as in <see cref="GemmBenchmarks.Shape"/>.</summary>
    [Params("32768x64x256", "256x256x256")]
    public string Shape { get; set; } = "256x256x256";

    /// <summary>Vector width: "V512", "V256", "V128" or "Scalar".</summary>
    [Params("V512", "V256", "V128", "Scalar")]
    public string Width { get; set; } = "V512";

    /// <summary>Opens the host-SIMD device on one thread at the width and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        SimdCapability.Active = Enum.Parse<SimdWidth>(Width);
        HostParallel.ThreadCount = 1;
        device = Device.Open("host-simd");
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        int m = dims[0], k = dims[1], n = dims[2];
        a = device.Pool.Rent(m, k);
        b = device.Pool.Rent(n, k);
        c = device.Pool.Rent(m, n);
        bias = device.Pool.Rent(n);
        var random = new Random(1);
        a.Upload(Enumerable.Range(0, m * k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        b.Upload(Enumerable.Range(0, n * k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        bias.Upload(Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
    }

    /// <summary>Frees the device and restores the defaults.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        device.Dispose();
        SimdCapability.Active = SimdCapability.Best;
        HostParallel.ThreadCount = Environment.ProcessorCount;
    }

    /// <summary>C = A * B^T + bias.</summary>
    [Benchmark]
    public void GemmNT() => device.Ops.Gemm(a, false, b, true, c, bias: bias);
}
