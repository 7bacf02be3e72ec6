using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// GEMM at the shapes the network uses; GFLOP/s = 2 * M * N * K / mean time (docs/benchmarks.md). The device is
/// Device.Select(null): the CPU accelerator here, CUDA with ICECUBE_RECO_DEVICE=cuda on a GPU machine.
/// </summary>
[MemoryDiagnoser(false)]
public class GemmBenchmarks
{
    private Device device = null!;
    private DeviceTensor a = null!;
    private DeviceTensor b = null!;
    private DeviceTensor c = null!;
    private DeviceTensor bias = null!;

    /// <summary>
    /// M x K times K x N (NT: the weights are stored [N, K] as layers store them): the wide LSTM input projection
    /// (B * L = 256 * 128 rows, C = 64, 4H = 256), the wide recurrent step (B = 256, H = 64, 4H = 256), the small
    /// network's projection (32 * 100, C = 8, 4H = 64) and step (B = 32, H = 16, 4H = 64), and 256^3 for scale.
    /// </summary>
    [Params("32768x64x256", "256x64x256", "3200x8x64", "32x16x64", "256x256x256")]
    public string Shape { get; set; } = "256x256x256";

    [GlobalSetup]
    public void Setup()
    {
        device = Device.Select(null);
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        int m = dims[0], k = dims[1], n = dims[2];
        a = device.Pool.Rent(m, k);
        b = device.Pool.Rent(n, k);
        c = device.Pool.Rent(m, n);
        bias = device.Pool.Rent(n);
        a.Upload(Values(m * k));
        b.Upload(Values(n * k));
        bias.Upload(Values(n));
        Console.WriteLine($"// device: {device}");
    }

    [GlobalCleanup]
    public void Cleanup() => device.Dispose();

    /// <summary>C = A * B^T + bias, waited for.</summary>
    [Benchmark]
    public void GemmNT()
    {
        device.Ops.Gemm(a, false, b, true, c, bias: bias);
        device.Ops.Synchronize();
    }

    private static float[] Values(int length)
    {
        var random = new Random(1);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }
}
