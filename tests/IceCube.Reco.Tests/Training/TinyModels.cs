using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Layers;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

/// <summary>Tiny models on short sequences, fast on ILGPU's CPU accelerator.</summary>
internal static class TinyModels
{
    public static readonly FeaturizationOptions Featurization = FeaturizationOptions.Default with { MaxPulses = 12 };

    /// <summary>Conv1D 6 → BiLstm 6 → pool → Dense 12 relu → Dropout → Dense(outputs of the loss).</summary>
    public static Model Create(Device device, Loss loss, int seed = 1, double learningRate = 1e-2, double dropout = 0.1) =>
        Model.Sequential(device, Featurization, seed)
            .Conv1D(6, kernelSize: 3, Activation.Relu)
            .BiLstm(6)
            .GlobalAveragePooling1D()
            .Dense(12, Activation.Relu)
            .Dropout(dropout)
            .Dense(loss.Outputs)
            .Compile(new Adam(learningRate), loss);
}
