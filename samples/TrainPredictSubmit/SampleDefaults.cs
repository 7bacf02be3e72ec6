using IceCube.Reco.Compute;
using IceCube.Reco.Training;

namespace TrainPredictSubmit;

/// <summary>
/// The sizes a run uses when the command line does not give them. On ILGPU's CPU accelerator they are sized for a
/// run of about 10 minutes on a 2-core machine (about 40,000 training event passes of the compact model), as one
/// epoch over fresh events with small batches and a larger learning rate, because in that budget fresh events and
/// more optimizer steps learn more than a second pass over fewer events;
/// docs/benchmarks.md ("Learning on simulated data" and "Sample") records what they achieved.
/// </summary>
/// <param name="Preset">The preset picked for the device.</param>
/// <param name="TrainEvents">Training events to simulate.</param>
/// <param name="TestEvents">Test events to simulate.</param>
/// <param name="Epochs">Passes over the training events.</param>
/// <param name="BatchSize">Events per mini-batch.</param>
/// <param name="LearningRate">Adam's learning rate for <paramref name="Preset"/>; another preset keeps its own.</param>
internal sealed record SampleDefaults(
    ModelPreset Preset, int TrainEvents, int TestEvents, int Epochs, int BatchSize, double LearningRate)
{
    /// <summary>The defaults for a device: a model small enough for the CPU accelerator, the stronger one on CUDA.</summary>
    public static SampleDefaults For(DeviceKind kind) => kind == DeviceKind.Cuda
        ? new SampleDefaults(ModelPreset.Default, TrainEvents: 200_000, TestEvents: 20_000, Epochs: 4, BatchSize: 256, LearningRate: 1e-3)
        : new SampleDefaults(ModelPreset.Compact, TrainEvents: 40_000, TestEvents: 2_000, Epochs: 1, BatchSize: 32, LearningRate: 3e-3);
}
