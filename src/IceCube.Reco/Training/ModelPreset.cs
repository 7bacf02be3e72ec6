namespace IceCube.Reco.Training;

/// <summary>Ready-made architectures for <see cref="Model.FromPreset"/>.</summary>
public enum ModelPreset
{
    /// <summary>
    /// The original Keras notebook exactly: its featurisation (<see cref="Data.FeaturizationOptions.Notebook"/>:
    /// L = 100 pulses, F = 5), Conv1D 8 (K = 3, relu) → BiLstm 16 → GlobalAveragePooling1D → Dense 16 relu →
    /// Dropout 0.2 → Dense 8 relu → Dropout 0.2 → Dense 2, mean squared error on (azimuth, zenith), Adam 1e-3:
    /// 4,010 parameters.
    /// </summary>
    Notebook = 0,

    /// <summary>
    /// The stronger unit-vector model (the sample's default on CUDA and on the host-SIMD CPU): the event-centred
    /// featurisation (<see cref="Data.FeaturizationOptions.Centred"/>: L = 128, F = 12), Conv1D 64 (K = 3, relu)
    /// → BiLstm 64 → GlobalAveragePooling1D → Dense 128 relu → Dropout 0.2 → Dense 3, angular loss, Adam 1e-3.
    /// </summary>
    Default = 1,

    /// <summary>
    /// A small unit-vector model that trains in minutes on ILGPU's CPU accelerator: the event-centred featurisation
    /// (<see cref="Data.FeaturizationOptions.Centred"/>: L = 128, F = 12),
    /// Conv1D 16 (K = 3, relu) → BiLstm 32 → GlobalAveragePooling1D → Dense 64 relu → Dense 3, angular loss,
    /// Adam 1e-3.
    /// </summary>
    Compact = 2,
}
