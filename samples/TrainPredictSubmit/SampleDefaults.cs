using IceCube.Reco.Compute;
using IceCube.Reco.Training;

namespace TrainPredictSubmit;

/// <summary>
/// The sizes a run uses when the command line does not give them. On ILGPU's CPU accelerator they are sized for a
/// run of about 10 minutes on a 2-core machine (about 40,000 training event passes of the compact model);
/// docs/benchmarks.md ("Sample") records what they achieved.
/// </summary>
/// <param name="Preset">The preset picked for the device.</param>
/// <param name="TrainEvents">Training events to simulate.</param>
/// <param name="TestEvents">Test events to simulate.</param>
/// <param name="Epochs">Passes over the training events.</param>
/// <param name="BatchSize">Events per mini-batch.</param>
internal sealed record SampleDefaults(ModelPreset Preset, int TrainEvents, int TestEvents, int Epochs, int BatchSize)
{
    /// <summary>The defaults for a device: a model small enough for the CPU accelerator, the stronger one on CUDA.</summary>
    public static SampleDefaults For(DeviceKind kind) => kind == DeviceKind.Cuda
        ? new SampleDefaults(ModelPreset.Default, TrainEvents: 200_000, TestEvents: 20_000, Epochs: 4, BatchSize: 256)
        : new SampleDefaults(ModelPreset.Compact, TrainEvents: 20_000, TestEvents: 2_000, Epochs: 2, BatchSize: 64);
}
