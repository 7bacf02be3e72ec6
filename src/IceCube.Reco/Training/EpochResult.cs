namespace IceCube.Reco.Training;

/// <summary>What one epoch of <see cref="Model.Fit"/> achieved.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's steps (dropout on).</param>
/// <param name="ValidationLoss">Mean loss on the validation events (dropout off), or null without validation.</param>
/// <param name="ValidationAngularError">The competition metric on the validation events (mean angle in rad), or null
/// without validation.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="TrainEvents">Training events seen in the epoch.</param>
/// <param name="Steps">Optimizer steps in the epoch.</param>
/// <param name="Duration">Wall time of the epoch's training steps (validation excluded).</param>
/// <param name="EventsPerSecond">Training events per second.</param>
public sealed record EpochResult(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    double? ValidationAngularError,
    double LearningRate,
    long TrainEvents,
    long Steps,
    TimeSpan Duration,
    double EventsPerSecond);
