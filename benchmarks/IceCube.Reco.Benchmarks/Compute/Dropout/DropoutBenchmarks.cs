using IceCube.Reco.Benchmarks.Layers;
using BenchmarkDotNet.Attributes;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// Dropout (rate 0.2) forward + backward in training, on the Dense output it follows (notebook [32, 16], wide
/// [256, 64]) and, to see the per-element cost, on a whole wide BiLSTM output [256, 128, 128]. No FLOPs to speak of
/// (three 64-bit multiplies per element for the hash); reported as elements per second.
/// </summary>
[MemoryDiagnoser(false)]
public class DropoutBenchmarks
{
    private LayerBench bench = null!;

    /// <summary>notebook, wide, or sequence (the wide BiLSTM output).</summary>
    [Params("notebook", "wide", "sequence")]
    public string Shape { get; set; } = "notebook";

    [GlobalSetup]
    public void Setup()
    {
        var layer = new Dropout("dropout", 0.2f);
        bench = Shape switch
        {
            "wide" => new LayerBench(layer, 256, [64]),
            "sequence" => new LayerBench(layer, 256, [128, 128]),
            _ => new LayerBench(layer, 32, [16]),
        };
    }

    [GlobalCleanup]
    public void Cleanup() => bench.Dispose();

    /// <summary>Forward + backward.</summary>
    [Benchmark]
    public void DropoutForwardBackward() => bench.ForwardBackward();
}
