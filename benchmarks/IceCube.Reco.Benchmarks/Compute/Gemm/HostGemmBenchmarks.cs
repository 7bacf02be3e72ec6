using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The host-SIMD GEMM at the network's shapes (the same as <see cref="GemmBenchmarks"/>: M x K times K x N, NT, with
/// bias), at a given vector width and thread count. GFLOP/s = 2 * M * N * K / mean time (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser(false)]
public class HostGemmBenchmarks
{
    private GemmOperands gemm = null!;

    /// <summary>M x K x N, as in <see cref="GemmBenchmarks.Shape"/>.</summary>
    [Params("32768x64x256", "256x64x256", "3200x8x64", "32x16x64", "256x256x256")]
    public string Shape { get; set; } = "256x256x256";

    /// <summary>Vector width: "V512", "V256", "V128" or "Scalar".</summary>
    [Params("V512")]
    public string Width { get; set; } = "V512";

    /// <summary>Threads of the host pool (the caller included).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    /// <summary>Opens the host-SIMD device and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        SimdCapability.Active = Enum.Parse<SimdWidth>(Width);
        HostParallel.ThreadCount = Threads;
        gemm = new GemmOperands(Device.Open("host-simd"), Shape, transposeA: false, transposeB: true, withBias: true);
        Console.WriteLine(
            $"// device: {gemm.Device}, width {SimdCapability.Active}, {HostParallel.ThreadCount} threads");
    }

    /// <summary>Frees the device and restores the defaults.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        gemm.Dispose();
        SimdCapability.Active = SimdCapability.Best;
        HostParallel.ThreadCount = Environment.ProcessorCount;
    }

    /// <summary>C = A * B^T + bias (host ops finish before they return).</summary>
    [Benchmark]
    public void GemmNT() => gemm.Multiply();
}
