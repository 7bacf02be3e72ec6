using System.Diagnostics;
using IceCube.Reco.Data;

namespace IceCube.Reco.Training;

/// <summary>
/// One <see cref="Model.Fit"/> call driving the model's <see cref="Trainer"/>: epochs of seeded, shuffled training
/// steps, validation with the competition metric after each, keep-best weights and early stopping, progress reports
/// and cancellation between steps.
/// </summary>
internal sealed class FitLoop
{
    private readonly Trainer _trainer;
    private readonly KaggleDataset _data;
    private readonly FitOptions _options;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = new();

    public FitLoop(Trainer trainer, KaggleDataset data, FitOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        _trainer = trainer;
        _data = data;
        _options = options;
        _progress = progress;
        _cancellation = cancellation;
    }

    public TrainingHistory Run()
    {
        _trainer.PrepareTraining(_options.BatchSize);
        _clock.Start();
        var featurization = _trainer.Config.Featurization;
        var train = _data.Train(_options.BatchSize, featurization, _options.Data);
        var validation = _options.Data.ValidationFraction > 0
            ? _data.Validation(_options.BatchSize, featurization, _options.Data with { MaxEvents = _options.MaxValidationEvents })
            : null;
        long? stepsPerEpoch = EstimatedStepsPerEpoch();
        long? validationSteps = null;
        var epochs = new List<EpochResult>();
        double bestError = double.PositiveInfinity;
        int? bestEpoch = null;
        int sinceBest = 0;
        bool stoppedEarly = false;
        long fitStep = 0;
        using var norm = _trainer.Device.Pool.Rent(1);
        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            _cancellation.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            long steps = 0, events = 0;
            double lossSum = 0, learningRate = _trainer.Config.Optimizer.LearningRate;
            foreach (var batch in train)
            {
                _cancellation.ThrowIfCancellationRequested();
                long totalSteps = Math.Max(fitStep + 1, (stepsPerEpoch ?? fitStep + 1) * _options.Epochs);
                learningRate = _trainer.Config.Optimizer.LearningRate * _options.Schedule.Factor(fitStep, totalSteps);
                float loss = _trainer.TrainStep(batch, learningRate, _options.ClipGradientNorm, norm);
                fitStep++;
                steps++;
                events += batch.Count;
                lossSum += (double)loss * batch.Count;
                Report(TrainingPhase.Training, epoch, steps, stepsPerEpoch, events, lossSum / events, learningRate, epochClock,
                    Remaining(epoch, steps, stepsPerEpoch, validationSteps, epochClock));
            }

            epochClock.Stop();
            if (steps == 0)
            {
                throw new ArgumentException(
                    $"The dataset {_data.Root} yields no training events with these options (validation fraction " +
                    $"{_options.Data.ValidationFraction}, MaxEvents {_options.Data.MaxEvents}).");
            }

            // After one pass the step count is known exactly; the schedule and the ETA use it from now on.
            stepsPerEpoch = steps;
            double? validationLoss = null, validationError = null;
            if (validation is not null)
            {
                var validationClock = Stopwatch.StartNew();
                var score = _trainer.Score(
                    validation,
                    (step, seen) => Report(TrainingPhase.Validation, epoch, step, validationSteps, seen, double.NaN, learningRate,
                        validationClock, null),
                    _cancellation);
                if (score.Events > 0)
                {
                    validationSteps = (score.Events + _options.BatchSize - 1) / _options.BatchSize;
                    validationLoss = score.Loss;
                    validationError = score.AngularError;
                }
            }

            _trainer.CompleteEpoch();
            double seconds = Math.Max(epochClock.Elapsed.TotalSeconds, 1e-9);
            epochs.Add(new EpochResult(epoch, lossSum / events, validationLoss, validationError, learningRate, events, steps,
                epochClock.Elapsed, events / seconds));
            if (validationError is { } error)
            {
                if (error < bestError)
                {
                    bestError = error;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    if (_options.RestoreBestWeights && epoch < _options.Epochs)
                    {
                        _trainer.SnapshotWeights();
                    }
                }
                else if (++sinceBest >= (_options.EarlyStoppingPatience ?? int.MaxValue))
                {
                    stoppedEarly = epoch < _options.Epochs;
                    break;
                }
            }
        }

        // The snapshot is only taken when a later epoch could be worse, so the last epoch being best needs no restore.
        bool restore = _options.RestoreBestWeights && bestEpoch is { } best && best != epochs[^1].Epoch;
        if (restore)
        {
            _trainer.RestoreSnapshot();
        }

        return new TrainingHistory(epochs, bestEpoch, stoppedEarly, restore, _trainer.Step);
    }

    // Before the first pass the generator's count is unknown; the meta's event count, less the validation share and
    // capped by MaxEvents, estimates it.
    private long? EstimatedStepsPerEpoch()
    {
        double events = _data.TrainEventCount * (1.0 - _options.Data.ValidationFraction);
        if (_options.Data.MaxEvents is { } max)
        {
            events = Math.Min(events, max);
        }

        long steps = (long)Math.Ceiling(events / _options.BatchSize);
        return steps > 0 ? steps : null;
    }

    private TimeSpan? Remaining(int epoch, long steps, long? stepsPerEpoch, long? validationSteps, Stopwatch epochClock)
    {
        if (stepsPerEpoch is not { } perEpoch || steps == 0)
        {
            return null;
        }

        double secondsPerStep = epochClock.Elapsed.TotalSeconds / steps;
        long left = Math.Max(0, perEpoch - steps) + ((long)(_options.Epochs - epoch) * perEpoch);
        long validationLeft = (validationSteps ?? 0) * (_options.Epochs - epoch + 1);
        return TimeSpan.FromSeconds(secondsPerStep * (left + validationLeft));
    }

    private void Report(
        TrainingPhase phase, int epoch, long step, long? stepsPerEpoch, long events, double loss, double learningRate,
        Stopwatch phaseClock, TimeSpan? remaining)
    {
        if (_progress is null)
        {
            return;
        }

        double seconds = Math.Max(phaseClock.Elapsed.TotalSeconds, 1e-9);
        _progress.Report(new TrainingProgress(
            phase, epoch, _options.Epochs, step, stepsPerEpoch, _trainer.Step, events, loss, learningRate, events / seconds,
            _clock.Elapsed, remaining));
    }
}
