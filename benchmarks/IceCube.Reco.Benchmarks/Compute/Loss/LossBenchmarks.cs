using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;
using IceCube.Reco.Training;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// Each loss's mean and gradient (two launches) at B = 32 and B = 256, waited for: a handful of double-precision
/// operations per event, so this measures the launch cost.
/// </summary>
[MemoryDiagnoser(false)]
public class LossBenchmarks
{
    private Device device = null!;
    private LossEvaluator evaluator = null!;
    private DeviceTensor prediction = null!;
    private DeviceTensor target = null!;

    /// <summary>angular, mse or von-mises-fisher.</summary>
    [Params("angular", "mse", "von-mises-fisher")]
    public string Name { get; set; } = "angular";

    /// <summary>Events per batch.</summary>
    [Params(32, 256)]
    public int Batch { get; set; } = 32;

    [GlobalSetup]
    public void Setup()
    {
        device = Device.Select(null);
        var loss = Loss.Parse(Name);
        evaluator = new LossEvaluator(device, loss, Batch);
        var random = new Random(1);
        prediction = device.Pool.Rent(Batch, loss.Outputs);
        target = device.Pool.Rent(Batch, loss.Outputs);
        prediction.Upload([.. Enumerable.Range(0, prediction.Length).Select(_ => (float)(random.NextDouble() - 0.5))]);
        target.Upload([.. Enumerable.Range(0, target.Length).Select(_ => (float)(random.NextDouble() - 0.5))]);
        Console.WriteLine($"// device: {device}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        evaluator.Dispose();
        device.Dispose();
    }

    /// <summary>Mean loss and gradient.</summary>
    [Benchmark]
    public void LossWithGradient()
    {
        evaluator.Evaluate(prediction, target, withGradient: true);
        device.Ops.Synchronize();
    }
}
