using IceCube.Reco.Compute;
using IceCube.Reco.Data;

namespace IceCube.Reco.Training;

/// <summary>
/// A sequential network on a device (Conv1D → BiLstm → pooling → dense layers) with its featurisation, loss and
/// optimizer state: train it with <see cref="Fit"/>, score it with <see cref="Evaluate(KaggleDataset, int, DatasetOptions?)"/>,
/// reconstruct directions with <see cref="Predict(KaggleDataset, int, DatasetOptions?)"/>, keep it with
/// <see cref="Save"/> and <see cref="Load"/>. Create one with <see cref="Sequential"/> or <see cref="FromPreset"/>.
/// </summary>
/// <remarks>
/// The featurisation is part of the model: Fit, Predict and Evaluate make their generators with it, so training and
/// prediction featurise alike. One operation at a time: a model is not thread-safe. Dispose it to return its device
/// buffers.
/// </remarks>
/// <example>
/// <code>
/// using var device = Device.Best();
/// using var model = Model.FromPreset(device, device.Kind == DeviceKind.Cuda ? ModelPreset.Default : ModelPreset.Compact);
/// var data = KaggleDataset.Open("data/icecube");
/// var history = model.Fit(data, new FitOptions { Epochs = 4, BatchSize = 256 });
/// Submission.Write("submission.csv", model.Predict(data));
/// model.Save("model.icr");
/// </code>
/// </example>
public sealed class Model : IDisposable
{
    private readonly ModelConfig _config;
    private readonly Trainer _trainer;
    private bool _disposed;

    internal Model(Device device, ModelConfig config)
    {
        Device = device;
        _config = config;
        _trainer = new Trainer(device, config);
    }

    /// <summary>The device the model computes on.</summary>
    public Device Device { get; }

    /// <summary>The featurisation that makes the model's input [L, F] from an event's pulses.</summary>
    public FeaturizationOptions Featurization => _config.Featurization;

    /// <summary>The loss the model trains with; it fixes how outputs are read.</summary>
    public Loss Loss => _config.Loss;

    /// <summary>Adam's settings.</summary>
    public Adam Optimizer => _config.Optimizer;

    /// <summary>The seed of the initial weights and of dropout masks.</summary>
    public int Seed => _config.Seed;

    /// <summary>Trainable floats in all layers (Keras' count).</summary>
    public long ParameterCount => _config.ParameterCount;

    /// <summary>Optimizer steps taken so far, checkpoints included (Adam's step count).</summary>
    public long Step => _trainer.Step;

    /// <summary>Epochs completed so far, checkpoints included.</summary>
    public int EpochsCompleted => _trainer.EpochsCompleted;

    /// <summary>The network, its optimizer state and its training and prediction steps.</summary>
    internal Trainer Trainer => _trainer;

    /// <summary>Starts a sequential model whose input is the featurisation's [L, F] sequence.</summary>
    /// <param name="device">The device to compute on (the model does not own it).</param>
    /// <param name="featurization">The featurisation; <see cref="FeaturizationOptions.Default"/> when null.</param>
    /// <param name="seed">Seed of the initial weights and of dropout.</param>
    /// <returns>A builder; add layers, then call <see cref="ModelBuilder.Compile"/>.</returns>
    public static ModelBuilder Sequential(Device device, FeaturizationOptions? featurization = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.ThrowIfDisposed();
        featurization ??= FeaturizationOptions.Default;
        featurization.Validate();
        return new ModelBuilder(device, featurization, seed);
    }

    /// <summary>
    /// Creates a ready-made architecture (see <see cref="ModelPreset"/>). Overrides keep the preset's layers: a
    /// different featurisation changes the input (e.g. another MaxPulses), a different loss changes the last Dense
    /// layer's size to what that loss reads (2 for MSE, 3 otherwise).
    /// </summary>
    /// <param name="device">The device to compute on.</param>
    /// <param name="preset">The architecture.</param>
    /// <param name="featurization">Overrides the preset's featurisation (<see cref="PresetFeaturization"/>).</param>
    /// <param name="loss">Overrides the preset's loss.</param>
    /// <param name="optimizer">Overrides the preset's Adam 1e-3.</param>
    /// <param name="seed">Seed of the initial weights and of dropout.</param>
    /// <returns>The compiled model.</returns>
    /// <exception cref="ArgumentException">The preset or loss is unknown.</exception>
    public static Model FromPreset(
        Device device, ModelPreset preset, FeaturizationOptions? featurization = null, Loss? loss = null, Adam? optimizer = null, int seed = 0)
    {
        featurization ??= PresetFeaturization(preset);
        loss ??= preset == ModelPreset.Notebook ? Loss.Mse : Loss.Angular;
        optimizer ??= new Adam(learningRate: 1e-3);
        return Sequential(device, featurization, seed).PresetLayers(preset).Dense(loss.Outputs).Compile(optimizer, loss);
    }

    /// <summary>The featurisation a preset uses unless overridden.</summary>
    /// <param name="preset">The preset.</param>
    /// <returns>
    /// <see cref="FeaturizationOptions.Notebook"/> for the notebook preset, <see cref="FeaturizationOptions.Centred"/>
    /// for the others: with the event-centred features the Compact preset learns simulated events within a few
    /// thousand training events, where the absolute ones left it at the constant guess (docs/lab-log.md,
    /// "Learning on simulated data").
    /// </returns>
    public static FeaturizationOptions PresetFeaturization(ModelPreset preset) => preset switch
    {
        ModelPreset.Notebook => FeaturizationOptions.Notebook,
        ModelPreset.Default or ModelPreset.Compact => FeaturizationOptions.Centred,
        _ => throw new ArgumentException($"Unknown model preset {preset}.", nameof(preset)),
    };

    /// <summary>
    /// Loads a checkpoint written by <see cref="Save"/>: architecture, featurisation, loss, optimizer settings, weights
    /// and, when saved, the optimizer state, so <see cref="Fit"/> continues the step count and Adam's moments.
    /// </summary>
    /// <param name="device">The device to compute on.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, has an unknown format version, is
    /// truncated, or is corrupt (checksum mismatch); the message says which.</exception>
    public static Model Load(Device device, string path)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.ThrowIfDisposed();
        var contents = CheckpointFile.Read(path);
        var (config, step, epochs, hasOptimizerState) = ModelConfig.FromJson(contents.Json, path);
        var model = new Model(device, config);
        try
        {
            model._trainer.Restore(contents, step, epochs, hasOptimizerState, path);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A table of the layers: name, type and settings, per-event output shape and parameter count, then the totals,
    /// the featurisation, the loss and the optimizer.
    /// </summary>
    /// <returns>The summary, one line per layer.</returns>
    public string Summary() => _config.Summary(Step);

    /// <summary>
    /// Trains on the dataset's train events: each epoch is a seeded shuffle of the training part, then (when
    /// <see cref="DatasetOptions.ValidationFraction"/> is above 0) the held-out part is scored with the competition
    /// metric. Applies the learning-rate schedule, gradient clipping, keep-best weights and early stopping of
    /// <paramref name="options"/>. Continues the model's step count and Adam state (also after <see cref="Load"/>);
    /// the schedule spans this call's steps, and this call's epochs are shuffled as passes 0, 1, ... of a new
    /// training generator.
    /// </summary>
    /// <param name="data">A dataset with train_meta.parquet.</param>
    /// <param name="options">Epochs, batch size and the rest; defaults when null.</param>
    /// <param name="progress">Receives a report after every step and validation batch; may be null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>Per-epoch losses and validation errors.</returns>
    /// <exception cref="ArgumentException">Options are invalid, or the dataset has no train meta.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the model keeps the weights of the last completed
    /// step and stays usable.</exception>
    public TrainingHistory Fit(
        KaggleDataset data, FitOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfDisposed();
        options ??= new FitOptions();
        options.Validate();
        if (!data.HasTrain)
        {
            throw new ArgumentException($"The dataset {data.Root} has no train_meta.parquet to train on.", nameof(data));
        }

        return new FitLoop(_trainer, data, options, progress, cancellationToken).Run();
    }

    /// <summary>
    /// Predicts every test event of the dataset (test_meta.parquet), in the test meta's order, streaming: memory is
    /// bounded by one batch however many events there are.
    /// </summary>
    /// <param name="data">A dataset with test_meta.parquet.</param>
    /// <param name="batchSize">Events per device batch.</param>
    /// <param name="options">Limits (e.g. <see cref="DatasetOptions.MaxEvents"/>); defaults when null.</param>
    /// <returns>A lazy sequence of predictions, one per test event.</returns>
    public IEnumerable<EventPrediction> Predict(KaggleDataset data, int batchSize = 256, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfDisposed();
        return Predict(data.Test(batchSize, Featurization, options));
    }

    /// <summary>
    /// Predicts every event a generator yields, in its order, streaming. The generator must use this model's
    /// featurisation (<see cref="Featurization"/>).
    /// </summary>
    /// <param name="batches">A generator from the model's dataset, e.g. data.Test(256, model.Featurization).</param>
    /// <returns>A lazy sequence of predictions.</returns>
    /// <exception cref="ArgumentException">The generator featurises differently from the model.</exception>
    public IEnumerable<EventPrediction> Predict(IceCubeDataGenerator batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ThrowIfDisposed();
        RequireFeaturization(batches, nameof(batches));
        return PredictBatches(batches);
    }

    /// <summary>Predicts one event held in memory (for applications that receive events one by one).</summary>
    /// <param name="pulses">The event's pulses.</param>
    /// <param name="geometry">Sensor positions; every sensor id of the event must be below its count.</param>
    /// <returns>The prediction.</returns>
    /// <exception cref="ArgumentException">A sensor id is outside the geometry.</exception>
    public EventPrediction Predict(PulseEvent pulses, SensorGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(pulses);
        return Predict([pulses], geometry)[0];
    }

    /// <summary>Predicts a few events held in memory, in the given order.</summary>
    /// <param name="events">The events.</param>
    /// <param name="geometry">Sensor positions.</param>
    /// <returns>One prediction per event.</returns>
    /// <exception cref="ArgumentException">A sensor id is outside the geometry.</exception>
    public IReadOnlyList<EventPrediction> Predict(IReadOnlyList<PulseEvent> events, SensorGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(geometry);
        ThrowIfDisposed();
        return _trainer.Predict(events, geometry);
    }

    /// <summary>
    /// The competition metric (mean angular error in rad, lower is better) on the dataset's validation events: the
    /// part of the train events <paramref name="options"/>' split holds out.
    /// </summary>
    /// <param name="data">A dataset with train_meta.parquet.</param>
    /// <param name="batchSize">Events per device batch.</param>
    /// <param name="options">The split (use the one given to Fit) and limits; defaults when null.</param>
    /// <returns>The mean angular error in rad.</returns>
    public double Evaluate(KaggleDataset data, int batchSize = 256, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfDisposed();
        return Evaluate(data.Validation(batchSize, Featurization, options));
    }

    /// <summary>The competition metric on every event of a labelled generator (train or validation split).</summary>
    /// <param name="batches">A generator with targets and the model's featurisation.</param>
    /// <returns>The mean angular error in rad.</returns>
    /// <exception cref="ArgumentException">The generator has no targets or featurises differently.</exception>
    public double Evaluate(IceCubeDataGenerator batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ThrowIfDisposed();
        RequireFeaturization(batches, nameof(batches));
        if (!batches.HasTargets)
        {
            throw new ArgumentException("Evaluate needs labelled events (a train or validation generator), not the test split.", nameof(batches));
        }

        var score = _trainer.Score(batches, null, CancellationToken.None);
        if (score.Events == 0)
        {
            throw new ArgumentException("The generator yields no events to evaluate on.", nameof(batches));
        }

        return score.AngularError;
    }

    /// <summary>
    /// Saves the model to a checkpoint: the whole file is written under a temporary name and moved into place.
    /// </summary>
    /// <remarks>
    /// Format version 1, little-endian (docs/checkpoint-format.md): the magic "ICRM"; uint32 format version; uint32
    /// byte length and the UTF-8 JSON of the architecture (layers and hyperparameters), featurisation, loss,
    /// optimizer settings, seed, step and epoch counts; uint32 tensor count and per tensor: uint32 byte length and
    /// the UTF-8 name ("dense_0/kernel"), uint32 rank, int32 dimensions, float32 data row-major; uint32 count of
    /// optimizer-state tensors (Adam's moments "dense_0/kernel/m" and "/v", or 0) in the same layout; and a SHA-256
    /// over every byte before it.
    /// </remarks>
    /// <param name="path">Destination; its folder is created when missing.</param>
    /// <param name="includeOptimizerState">True (the default) also saves Adam's moments, so training can resume.</param>
    public void Save(string path, bool includeOptimizerState = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfDisposed();
        var weights = _trainer.ExportWeights();
        var state = includeOptimizerState ? _trainer.ExportOptimizerState() : null;
        CheckpointFile.Write(path, _config.ToJson(Step, EpochsCompleted, state is not null), weights, state ?? []);
    }

    /// <summary>Returns every device buffer the model holds; the device stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Device.IsDisposed)
        {
            return;
        }

        _trainer.Dispose();
    }

    private IEnumerable<EventPrediction> PredictBatches(IceCubeDataGenerator batches)
    {
        _trainer.EnsureCapacity(batches.BatchSize);
        var predictions = new List<EventPrediction>(batches.BatchSize);
        foreach (var batch in batches)
        {
            ThrowIfDisposed();
            predictions.Clear();
            _trainer.PredictInto(batch, predictions);
            foreach (var prediction in predictions)
            {
                yield return prediction;
            }
        }
    }

    private void RequireFeaturization(IceCubeDataGenerator batches, string argument)
    {
        if (batches.Featurization != Featurization)
        {
            throw new ArgumentException(
                "The generator's featurisation differs from the model's; make it with model.Featurization " +
                $"(model: {Featurization.MaxPulses} pulses, {Featurization.Features}; generator: " +
                $"{batches.Featurization.MaxPulses} pulses, {batches.Featurization.Features}).",
                argument);
        }
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Device.ThrowIfDisposed();
    }
}
