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
    private GemmOperands gemm = null!;

    /// <summary>M x K x N of the product: C x (B * L) x 4H.</summary>
    [Params("64x32768x256", "8x3200x64")]
    public string Shape { get; set; } = "64x32768x256";

    /// <summary>Threads of the host pool (the caller included).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    /// <summary>Opens the host-SIMD device (widest vectors) on the threads and fills the operands: X is [B * L, C],
    /// dZ [B * L, 4H], no bias.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Device.CpuThreads = Threads;
        gemm = new GemmOperands(Device.Open("host-simd"), Shape, transposeA: true, transposeB: false, withBias: false);
    }

    /// <summary>Frees the device and restores the thread count.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        gemm.Dispose();
        Device.CpuThreads = Environment.ProcessorCount;
    }

    /// <summary>dW = X^T dZ.</summary>
    [Benchmark]
    public void GemmTN() => gemm.Multiply();
}
