namespace IceCube.Reco.Training;

/// <summary>The layer types the builder offers, by the names Keras users know.</summary>
internal enum LayerKind
{
    /// <summary>1-D convolution over time, 'same' padding: [L, C] → [L, filters].</summary>
    Conv1D = 0,

    /// <summary>Bidirectional LSTM returning sequences: [L, C] → [L, 2 units].</summary>
    BiLstm = 1,

    /// <summary>Mean over each event's real steps: [L, C] → [C].</summary>
    GlobalAveragePooling1D = 2,

    /// <summary>Fully connected: [C] → [units].</summary>
    Dense = 3,

    /// <summary>Inverted dropout while training, identity otherwise; keeps the shape.</summary>
    Dropout = 4,
}
