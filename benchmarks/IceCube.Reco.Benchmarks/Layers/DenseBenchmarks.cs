using BenchmarkDotNet.Attributes;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Benchmarks.Layers;

/// <summary>
/// Dense (ReLU) forward + backward after the pooled BiLSTM: notebook 32 -> 16 at B = 32, wide 128 -> 64 at B = 256.
/// FLOPs per batch = 2 B In Out forward + 4 B In Out backward (dw and dx); bias, activation and bias gradient not
/// counted. Five launches in all, so the notebook shape measures launch cost.
/// </summary>
[MemoryDiagnoser(false)]
public class DenseBenchmarks
{
    private LayerBench bench = null!;

    /// <summary>notebook or wide.</summary>
    [Params("notebook", "wide")]
    public string Shape { get; set; } = "notebook";

    [GlobalSetup]
    public void Setup()
    {
        bool wide = Shape == "wide";
        bench = new LayerBench(new Dense("dense", wide ? 64 : 16, Activation.Relu), wide ? 256 : 32, [wide ? 128 : 32]);
    }

    [GlobalCleanup]
    public void Cleanup() => bench.Dispose();

    /// <summary>Forward + backward.</summary>
    [Benchmark]
    public void DenseForwardBackward() => bench.ForwardBackward();
}
