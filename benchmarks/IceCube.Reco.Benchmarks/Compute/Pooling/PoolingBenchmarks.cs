using IceCube.Reco.Benchmarks.Layers;
using BenchmarkDotNet.Attributes;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// GlobalAveragePooling1D forward + backward on the BiLSTM's output: notebook [32, 100, 32], wide [256, 128, 128],
/// every event at full length. FLOPs per batch = B L C adds forward + B L C divides backward; it moves
/// 2 B L C floats (8 B L C bytes) and is bandwidth- and launch-bound.
/// </summary>
[MemoryDiagnoser(false)]
public class PoolingBenchmarks
{
    private LayerBench bench = null!;

    /// <summary>notebook or wide.</summary>
    [Params("notebook", "wide")]
    public string Shape { get; set; } = "notebook";

    [GlobalSetup]
    public void Setup()
    {
        bool wide = Shape == "wide";
        bench = new LayerBench(new GlobalAveragePooling1D("pool"), wide ? 256 : 32, [wide ? 128 : 100, wide ? 128 : 32]);
    }

    [GlobalCleanup]
    public void Cleanup() => bench.Dispose();

    /// <summary>Forward + backward.</summary>
    [Benchmark]
    public void PoolingForwardBackward() => bench.ForwardBackward();
}
