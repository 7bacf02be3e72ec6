namespace IceCube.Reco.Training;

/// <summary>What a checkpoint file holds, read back and validated by <see cref="CheckpointFile.Read"/>.</summary>
internal sealed record CheckpointContents(string Json, IReadOnlyList<NamedTensor> Weights, IReadOnlyList<NamedTensor> OptimizerState);
