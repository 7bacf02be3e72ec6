using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The host-SIMD GEMM on one thread at every vector width, at the largest network shape and 256^3: what each width
/// buys (the scalar row is the fallback of a machine without vector units). GFLOP/s = 2 * M * N * K / mean time.
/// </summary>
[MemoryDiagnoser(false)]
public class HostGemmWidthBenchmarks
{
    private GemmOperands gemm = null!;

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
        gemm = new GemmOperands(Device.Open("host-simd"), Shape, transposeA: false, transposeB: true, withBias: true);
    }

    /// <summary>Frees the device and restores the defaults.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        gemm.Dispose();
        SimdCapability.Active = SimdCapability.Best;
        HostParallel.ThreadCount = Environment.ProcessorCount;
    }

    /// <summary>C = A * B^T + bias.</summary>
    [Benchmark]
    public void GemmNT() => gemm.Multiply();
}
