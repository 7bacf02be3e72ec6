using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Training;

namespace IceCube.Reco.Benchmarks.Training;

/// <summary>
/// The networks of ../shared/peers/libtorch (Conv1D K = 3 ReLU, BiLSTM, mean over time, Dense ReLU + dropout 0.2
/// [, Dense ReLU + dropout 0.2], Dense 3, angular loss, Adam 1e-3, no clipping) on the "host-simd" device, every
/// event at its full length L as libtorch runs it: the notebook shape (L = 100, F = 5, Conv1D 8, LSTM 16, Dense 16,
/// Dense 8) at B = 32 and B = 256, and the wide shape (L = 128, F = 6, Conv1D 64, LSTM 64, Dense 128) at B = 256.
/// Run at 1 and 2 host threads, as the peer can be. Events/s = B / median time, compared with the peer's events/s (also a median) in docs/benchmarks.md. A train
/// step here also uploads the batch and reads the loss back; a prediction also reads the outputs back and converts
/// them to angles, so both do slightly more than the peer's timed calls.
/// </summary>
[MemoryDiagnoser(false)]
[MedianColumn]
public class PeerComparisonBenchmarks
{
    private Device device = null!;
    private Model model = null!;
    private MiniBatch batch = null!;
    private DeviceTensor norm = null!;
    private List<EventPrediction> predictions = null!;
    private int savedThreads;

    /// <summary>"notebook-B32", "notebook-B256" or "wide-B256".</summary>
    [Params("notebook-B32", "notebook-B256", "wide-B256")]
    public string Shape { get; set; } = "notebook-B32";

    /// <summary>Host threads (the peer takes the same count as its last argument).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        savedThreads = HostParallel.ThreadCount;
        HostParallel.ThreadCount = Threads;
        device = Device.Open("host-simd");
        bool wide = Shape.StartsWith("wide", StringComparison.Ordinal);
        int batchSize = Shape.EndsWith("B32", StringComparison.Ordinal) ? 32 : 256;
        model = Model.FromPreset(device, wide ? ModelPreset.Default : ModelPreset.Notebook, loss: Loss.Angular, seed: 1);
        model.Trainer.PrepareTraining(batchSize);
        var featurization = model.Featurization;
        int steps = featurization.MaxPulses;
        batch = new MiniBatch(batchSize, steps, featurization.FeatureCount, hasTargets: true);
        var random = new Random(1);
        for (int row = 0; row < batchSize; row++)
        {
            var features = batch.Append(row, random.NextDouble() * 2 * Math.PI, random.NextDouble() * Math.PI);
            for (int i = 0; i < steps * featurization.FeatureCount; i++)
            {
                features[i] = (float)((2 * random.NextDouble()) - 1);
            }

            batch.SetLength(row, steps);
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
        HostParallel.ThreadCount = savedThreads;
    }

    /// <summary>One training step without clipping, as the peer's, waited for (the loss is read back).</summary>
    [Benchmark]
    public float TrainStep() => model.Trainer.TrainStep(batch, 1e-3, null, norm);

    /// <summary>One prediction batch, waited for (the outputs are read back and converted).</summary>
    [Benchmark]
    public int PredictBatch()
    {
        predictions.Clear();
        model.Trainer.PredictInto(batch, predictions);
        return predictions.Count;
    }
}
