using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Training;

namespace IceCube.Reco.Benchmarks.Training;

/// <summary>
/// One optimizer step (upload, forward, loss, backward, clipping, Adam, loss read-back) and one prediction batch
/// (upload, forward, read-back, conversion to angles) of whole presets at the notebook shape (Notebook preset,
/// B = 32, L = 100, F = 5) and the wide shape (Default preset, B = 256, L = 128, F = 6), on random features with
/// lengths between L/2 and L. Events/s = B / mean time (docs/benchmarks.md). The device is Device.Select(null):
/// CUDA where present, else the host-SIMD device; ICECUBE_RECO_DEVICE=ilgpu-cpu for ILGPU's CPU accelerator.
/// </summary>
[MemoryDiagnoser(false)]
public class TrainStepBenchmarks
{
    private Device device = null!;
    private Model model = null!;
    private MiniBatch batch = null!;
    private DeviceTensor norm = null!;
    private List<EventPrediction> predictions = null!;

    /// <summary>"notebook-B32" or "wide-B256".</summary>
    [Params("notebook-B32", "wide-B256")]
    public string Shape { get; set; } = "notebook-B32";

    [GlobalSetup]
    public void Setup()
    {
        device = Device.Select(null);
        bool wide = Shape.StartsWith("wide", StringComparison.Ordinal);
        int batchSize = wide ? 256 : 32;
        model = Model.FromPreset(device, wide ? ModelPreset.Default : ModelPreset.Notebook);
        model.Trainer.PrepareTraining(batchSize);
        var featurization = model.Featurization;
        batch = new MiniBatch(batchSize, featurization.MaxPulses, featurization.FeatureCount, hasTargets: true);
        var random = new Random(1);
        for (int row = 0; row < batchSize; row++)
        {
            var features = batch.Append(row, random.NextDouble() * 2 * Math.PI, random.NextDouble() * Math.PI);
            int length = random.Next(featurization.MaxPulses / 2, featurization.MaxPulses + 1);
            features.Clear();
            for (int i = 0; i < length * featurization.FeatureCount; i++)
            {
                features[i] = (float)((2 * random.NextDouble()) - 1);
            }

            batch.SetLength(row, length);
        }

        norm = device.Pool.Rent(1);
        predictions = new List<EventPrediction>(batchSize);
        Console.WriteLine($"// device: {device}; {model.ParameterCount} parameters");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        model.Dispose();
        device.Dispose();
    }

    /// <summary>One training step with clipping at global norm 1, waited for (the loss is read back).</summary>
    [Benchmark]
    public float TrainStep() => model.Trainer.TrainStep(batch, 1e-3, 1.0, norm);

    /// <summary>One prediction batch, waited for (the outputs are read back and converted).</summary>
    [Benchmark]
    public int PredictBatch()
    {
        predictions.Clear();
        model.Trainer.PredictInto(batch, predictions);
        return predictions.Count;
    }
}
