using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// GEMM at the shapes the network uses; GFLOP/s = 2 * M * N * K / mean time (docs/benchmarks.md). The device is
/// Device.Select(null): CUDA where present, else the host-SIMD device (ICECUBE_RECO_DEVICE=ilgpu-cpu for ILGPU's
/// CPU accelerator).
/// </summary>
[MemoryDiagnoser(false)]
public class GemmBenchmarks
{
    private GemmOperands gemm = null!;

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
        gemm = new GemmOperands(Device.Select(null), Shape, transposeA: false, transposeB: true, withBias: true);
        Console.WriteLine($"// device: {gemm.Device}");
    }

    [GlobalCleanup]
    public void Cleanup() => gemm.Dispose();

    /// <summary>C = A * B^T + bias, waited for.</summary>
    [Benchmark]
    public void GemmNT()
    {
        gemm.Multiply();
        gemm.Device.Ops.Synchronize();
    }
}
