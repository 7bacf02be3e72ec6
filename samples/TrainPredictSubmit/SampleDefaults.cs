using IceCube.Reco.Compute;
using IceCube.Reco.Training;

namespace TrainPredictSubmit;

/// <summary>
/// The sizes a run uses when the command line does not give them, measured (docs/benchmarks.md, "Sample" and "CUDA
/// on an H200"): on a 2-core machine with no GPU, on the host-SIMD CPU device, the stronger
/// <see cref="ModelPreset.Default"/> model over 600,000 fresh simulated events takes about 5 minutes for the whole run
/// (about 570 CPU seconds; up to 12.5 minutes when other work shares the cores) and scores about 0.04 rad better than
/// the compact model over 400,000 events; ILGPU's CPU accelerator runs the compact model about 40 times slower than
/// the host-SIMD device, so there 40,000 events take about 7 minutes; on an H200 (16 cores simulating), 3,000,000
/// events take about two minutes, simulation included. One epoch over fresh events with small batches (on a CPU) and
/// a larger learning rate, because for a fixed budget fresh events and more optimizer steps learn more than further
/// passes over fewer events ("Learning on simulated data").
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
    /// <summary>
    /// The defaults for a device: the stronger model on CUDA and on the host-SIMD CPU, the compact one on ILGPU's CPU
    /// accelerator.
    /// </summary>
    public static SampleDefaults For(DeviceKind kind) => kind switch
    {
        DeviceKind.Cuda => new SampleDefaults(ModelPreset.Default, TrainEvents: 3_000_000, TestEvents: 20_000, Epochs: 1, BatchSize: 256, LearningRate: 2e-3),
        DeviceKind.HostSimd => new SampleDefaults(ModelPreset.Default, TrainEvents: 600_000, TestEvents: 5_000, Epochs: 1, BatchSize: 32, LearningRate: 3e-3),
        _ => new SampleDefaults(ModelPreset.Compact, TrainEvents: 40_000, TestEvents: 2_000, Epochs: 1, BatchSize: 32, LearningRate: 3e-3),
    };
}
