namespace IceCube.Reco.Training;

/// <summary>The record of one <see cref="Model.Fit"/> call.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(
        IReadOnlyList<EpochResult> epochs, int? bestEpoch, bool stoppedEarly, bool restoredBestWeights, long globalStep)
    {
        Epochs = epochs;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        RestoredBestWeights = restoredBestWeights;
        GlobalStep = globalStep;
    }

    /// <summary>One entry per epoch run, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs { get; }

    /// <summary>The epoch with the lowest validation angular error, or null without validation.</summary>
    public int? BestEpoch { get; }

    /// <summary>The lowest validation angular error in rad, or null without validation.</summary>
    public double? BestValidationAngularError =>
        BestEpoch is { } best ? Epochs.First(e => e.Epoch == best).ValidationAngularError : null;

    /// <summary>True when early stopping ended the fit before its last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>True when the model's weights were reset to the best epoch's at the end.</summary>
    public bool RestoredBestWeights { get; }

    /// <summary>The model's optimizer step count when the fit ended (continues across checkpoints).</summary>
    public long GlobalStep { get; }

    /// <summary>Training events per second over all epochs (validation excluded), or 0 when none ran.</summary>
    public double TrainEventsPerSecond
    {
        get
        {
            double seconds = Epochs.Sum(e => e.Duration.TotalSeconds);
            return seconds > 0 ? Epochs.Sum(e => e.TrainEvents) / seconds : 0.0;
        }
    }
}
