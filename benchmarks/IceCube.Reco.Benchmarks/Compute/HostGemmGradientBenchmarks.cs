using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The weight-gradient product of the LSTM and Dense layers on the host-SIMD device: dW [C, 4H] = X^T [C, B * L] *
/// dZ [B * L, 4H] (TN, a long summed dimension): the wide network (C = 64, B * L = 256 * 128, 4H = 256) and the
/// small one (C = 8, B * L = 32 * 100, 4H = 64). GFLOP/s = 2 * M * N * K / mean time.
/// </summary>
[MemoryDiagnoser(false)]
public class HostGemmGradientBenchmarks
{
    private Device device = null!;
    private DeviceTensor x = null!;
    private DeviceTensor dz = null!;
    private DeviceTensor dw = null!;

    /// <summary>M x K x N of the product: C x (B * L) x 4H.</summary>
    [Params("64x32768x256", "8x3200x64")]
    public string Shape { get; set; } = "64x32768x256";

    /// <summary>Threads of the host pool (the caller included).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    /// <summary>Opens the host-SIMD device (widest vectors) on the threads and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Device.CpuThreads = Threads;
        device = Device.Open("host-simd");
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        int m = dims[0], k = dims[1], n = dims[2];
        x = device.Pool.Rent(k, m);
        dz = device.Pool.Rent(k, n);
        dw = device.Pool.Rent(m, n);
        var random = new Random(1);
        x.Upload(Enumerable.Range(0, k * m).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        dz.Upload(Enumerable.Range(0, k * n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
    }

    /// <summary>Frees the device and restores the thread count.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        device.Dispose();
        Device.CpuThreads = Environment.ProcessorCount;
    }

    /// <summary>dW = X^T dZ.</summary>
    [Benchmark]
    public void GemmTN() => device.Ops.Gemm(x, true, dz, false, dw);
}
