namespace IceCube.Reco.Training;

/// <summary>
/// A progress report of <see cref="Model.Fit"/>, sent after every training step and every validation batch.
/// </summary>
/// <param name="Phase">Training steps or validation.</param>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">Epochs this fit runs at most.</param>
/// <param name="Step">Batches done in this epoch's phase, from 1.</param>
/// <param name="StepsPerEpoch">Batches the phase is expected to take (exact after the first epoch; estimated from the
/// meta file's event count before), or null when unknown.</param>
/// <param name="GlobalStep">Optimizer steps the model has taken in all its training (checkpoints included).</param>
/// <param name="Events">Events processed in this epoch's phase.</param>
/// <param name="Loss">The mean training loss over this epoch's steps so far (NaN in validation).</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="EventsPerSecond">Events per second in this phase so far.</param>
/// <param name="Elapsed">Time since the fit started.</param>
/// <param name="Remaining">Estimated time to the end of the fit, or null when unknown.</param>
public readonly record struct TrainingProgress(
    TrainingPhase Phase,
    int Epoch,
    int Epochs,
    long Step,
    long? StepsPerEpoch,
    long GlobalStep,
    long Events,
    double Loss,
    double LearningRate,
    double EventsPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Remaining);
