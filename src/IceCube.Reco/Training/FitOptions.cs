using IceCube.Reco.Data;

namespace IceCube.Reco.Training;

/// <summary>
/// How <see cref="Model.Fit"/> trains: epochs, batch size, the data split and its seeded shuffle, the learning-rate
/// schedule, gradient clipping, validation, keep-best weights and early stopping.
/// </summary>
public sealed record FitOptions
{
    /// <summary>Passes over the training events (at least 1).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Events per optimizer step (B, at least 1).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// The split and limits of the training data: <see cref="DatasetOptions.ValidationFraction"/> of the train events
    /// is held out for validation (0 turns validation off), <see cref="DatasetOptions.Seed"/> seeds the split and the
    /// shuffle (each epoch is shuffled differently, every run alike), <see cref="DatasetOptions.MaxEvents"/> caps the
    /// training events.
    /// </summary>
    public DatasetOptions Data { get; init; } = new();

    /// <summary>Caps the validation events scored after each epoch; null scores all of them.</summary>
    public long? MaxValidationEvents { get; init; }

    /// <summary>The learning-rate schedule over this fit's steps.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>
    /// When set, gradients are scaled so that their global L2 norm (over every parameter) is at most this value
    /// before each optimizer step; null leaves them as they are.
    /// </summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>
    /// Stops after this many epochs in a row without a better validation angular error; null trains every epoch.
    /// Needs validation.
    /// </summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>
    /// True (the default) puts back the weights of the epoch with the best validation angular error when the fit
    /// ends; false keeps the last epoch's. Ignored without validation.
    /// </summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentException($"FitOptions.Epochs must be at least 1, got {Epochs}.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"FitOptions.BatchSize must be at least 1, got {BatchSize}.");
        }

        if (Data is null)
        {
            throw new ArgumentException("FitOptions.Data must not be null.");
        }

        Data.Validate();
        if (Schedule is null)
        {
            throw new ArgumentException("FitOptions.Schedule must not be null.");
        }

        if (MaxValidationEvents is < 1)
        {
            throw new ArgumentException($"FitOptions.MaxValidationEvents must be at least 1, got {MaxValidationEvents}.");
        }

        if (ClipGradientNorm is { } clip && !(clip > 0 && double.IsFinite(clip)))
        {
            throw new ArgumentException($"FitOptions.ClipGradientNorm must be positive and finite, got {clip}.");
        }

        if (EarlyStoppingPatience is < 1)
        {
            throw new ArgumentException($"FitOptions.EarlyStoppingPatience must be at least 1, got {EarlyStoppingPatience}.");
        }

        if (EarlyStoppingPatience is not null && Data.ValidationFraction == 0)
        {
            throw new ArgumentException("FitOptions.EarlyStoppingPatience needs validation: set Data.ValidationFraction above 0.");
        }
    }
}
