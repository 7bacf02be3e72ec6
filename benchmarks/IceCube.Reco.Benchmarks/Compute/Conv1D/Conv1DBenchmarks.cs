using IceCube.Reco.Benchmarks.Layers;
using BenchmarkDotNet.Attributes;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// Conv1D (K = 3, ReLU) forward + backward at the notebook shape (B = 32, L = 100, F = 5 -> 8 filters) and the wide
/// shape (B = 256, L = 128, F = 6 -> 64), every event at full length. FLOPs per batch = 2 B L K Cin Cout for each of
/// forward, input gradient and weight gradient (6 B L K Cin Cout in all; bias, activation and masking not counted).
/// As the network's first layer it skips the input gradient in training; both variants are timed.
/// </summary>
[MemoryDiagnoser(false)]
public class Conv1DBenchmarks
{
    private LayerBench bench = null!;
    private LayerBench firstLayer = null!;

    /// <summary>notebook or wide.</summary>
    [Params("notebook", "wide")]
    public string Shape { get; set; } = "notebook";

    [GlobalSetup]
    public void Setup()
    {
        bool wide = Shape == "wide";
        int batch = wide ? 256 : 32, steps = wide ? 128 : 100, features = wide ? 6 : 5, filters = wide ? 64 : 8;
        bench = new LayerBench(new Conv1D("conv1d", filters, 3, Activation.Relu), batch, [steps, features]);
        firstLayer = new LayerBench(
            new Conv1D("conv1d", filters, 3, Activation.Relu), batch, [steps, features], computeInputGradient: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        bench.Dispose();
        firstLayer.Dispose();
    }

    /// <summary>Forward only.</summary>
    [Benchmark]
    public void Conv1DForward() => bench.Forward();

    /// <summary>Forward + backward with the input gradient.</summary>
    [Benchmark]
    public void Conv1DForwardBackward() => bench.ForwardBackward();

    /// <summary>Forward + backward without the input gradient (the network's first layer).</summary>
    [Benchmark]
    public void Conv1DForwardBackwardFirstLayer() => firstLayer.ForwardBackward();
}
