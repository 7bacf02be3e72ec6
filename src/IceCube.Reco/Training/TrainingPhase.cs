namespace IceCube.Reco.Training;

/// <summary>What a <see cref="TrainingProgress"/> report is about.</summary>
public enum TrainingPhase
{
    /// <summary>Optimizer steps over the training events.</summary>
    Training = 0,

    /// <summary>Scoring the held-out validation events after an epoch.</summary>
    Validation = 1,
}
