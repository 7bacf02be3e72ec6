using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Physics;

namespace IceCube.Reco.Training;

/// <summary>
/// What a <see cref="Model"/> holds on its device and the steps that use it: the <see cref="Network"/> (rebuilt larger
/// when a batch needs it), Adam's moments, the keep-best weight snapshot and the step and epoch counts. The model
/// checks arguments and then delegates here; <see cref="FitLoop"/> drives the training steps.
/// </summary>
internal sealed class Trainer : IDisposable
{
    // The network is first built for one event, enough to hold the weights, and rebuilt larger (weights kept) when a
    // batch needs it, so a model that only predicts single events never holds batch-sized activations.
    private const int InitialCapacity = 1;

    private float[] _outputStaging;
    private Network _network;
    private AdamState? _adam;
    private DeviceTensor[]? _bestWeights;
    private EventFeaturizer? _featurizer;
    private SensorGeometry? _featurizerGeometry;

    public Trainer(Device device, ModelConfig config)
    {
        Device = device;
        Config = config;
        _network = Network.Create(device, config, InitialCapacity);
        _outputStaging = new float[InitialCapacity * config.OutputCount];
    }

    /// <summary>The device.</summary>
    public Device Device { get; }

    /// <summary>The architecture, featurisation, loss and optimizer settings.</summary>
    public ModelConfig Config { get; }

    /// <summary>The built layers (rebuilt larger when a batch needs it).</summary>
    public Network Network => _network;

    /// <summary>Optimizer steps taken so far, checkpoints included (Adam's step count).</summary>
    public long Step { get; private set; }

    /// <summary>Epochs completed so far, checkpoints included.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>Rebuilds the network for batches of <paramref name="capacity"/> events when it is smaller, keeping the weights.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (_network.Capacity >= capacity)
        {
            return;
        }

        var larger = Network.Create(Device, Config, capacity);
        larger.CopyWeightsFrom(_network);
        _network.Dispose();
        _network = larger;
        _outputStaging = new float[capacity * Config.OutputCount];
    }

    /// <summary>Builds the network for <paramref name="batchSize"/> events and Adam's state, as a fit needs.</summary>
    public void PrepareTraining(int batchSize)
    {
        EnsureCapacity(batchSize);
        _adam ??= new AdamState(_network);
    }

    /// <summary>
    /// One optimizer step on a training mini-batch (the network already holds its capacity): forward with dropout,
    /// loss, backward, optional clipping by global norm, Adam. Returns the batch's mean loss.
    /// </summary>
    public float TrainStep(MiniBatch batch, double learningRate, double? clipNorm, DeviceTensor normScratch)
    {
        var network = _network;
        int count = batch.Count;
        var outputs = network.Forward(batch.Features, batch.Lengths, count, training: true, Step + 1);
        var gradient = network.Loss(outputs, Targets(batch), count, withGradient: true)!;
        network.Backward(gradient);
        if (clipNorm is { } maxNorm)
        {
            Device.Ops.Reductions.GlobalL2Norm(network.Gradients, normScratch);
            Device.Ops.Reductions.ClipByGlobalNorm(network.Gradients, normScratch, (float)maxNorm);
        }

        Step++;
        _adam!.Apply(network.Parameters, Config.Optimizer, learningRate, Step);
        return network.ReadLoss();
    }

    /// <summary>The mean loss and the mean angular error over a labelled generator (dropout off).</summary>
    public (double Loss, double AngularError, long Events) Score(
        IceCubeDataGenerator batches, Action<long, long>? afterBatch, CancellationToken cancellationToken)
    {
        EnsureCapacity(batches.BatchSize);
        double lossSum = 0, angleSum = 0;
        long events = 0, step = 0;
        var predictions = new List<EventPrediction>(batches.BatchSize);
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outputs = _network.Forward(batch.Features, batch.Lengths, batch.Count, training: false, Step);
            _network.Loss(outputs, Targets(batch), batch.Count, withGradient: false);
            lossSum += (double)_network.ReadLoss() * batch.Count;
            predictions.Clear();
            ReadOutputs(outputs, batch.EventIds, batch.Count, predictions);
            var angles = batch.Angles;
            for (int row = 0; row < batch.Count; row++)
            {
                angleSum += AngularError.Angle(angles[2 * row], angles[(2 * row) + 1], predictions[row].Azimuth, predictions[row].Zenith);
            }

            events += batch.Count;
            afterBatch?.Invoke(++step, events);
        }

        return events == 0 ? (double.NaN, double.NaN, 0) : (lossSum / events, angleSum / events, events);
    }

    /// <summary>Appends the predictions of a mini-batch (the network already holds its capacity) to <paramref name="destination"/>.</summary>
    public void PredictInto(MiniBatch batch, List<EventPrediction> destination)
    {
        var outputs = _network.Forward(batch.Features, batch.Lengths, batch.Count, training: false, Step);
        ReadOutputs(outputs, batch.EventIds, batch.Count, destination);
    }

    /// <summary>
    /// Featurises and predicts events held in memory, in chunks of up to 256, checking each event's pulses against
    /// <paramref name="geometry"/> as it featurises it.
    /// </summary>
    /// <exception cref="ArgumentException">An event is null, or a pulse has an unknown sensor or a bad charge.</exception>
    public IReadOnlyList<EventPrediction> Predict(IReadOnlyList<PulseEvent> events, SensorGeometry geometry)
    {
        if (!ReferenceEquals(geometry, _featurizerGeometry) || _featurizer is null)
        {
            _featurizer = new EventFeaturizer(Config.Featurization, geometry);
            _featurizerGeometry = geometry;
        }

        int chunk = Math.Max(1, Math.Min(events.Count, 256));
        EnsureCapacity(chunk);
        int eventLength = _featurizer.EventLength;
        var features = new float[chunk * eventLength];
        var lengths = new int[chunk];
        var ids = new long[chunk];
        var predictions = new List<EventPrediction>(events.Count);
        for (int start = 0; start < events.Count; start += chunk)
        {
            int count = Math.Min(chunk, events.Count - start);
            for (int row = 0; row < count; row++)
            {
                var pulses = events[start + row] ?? throw new ArgumentException($"Event {start + row} of the list is null.", nameof(events));
                CheckPulses(pulses, geometry);
                ids[row] = pulses.EventId;
                var view = new EventPulses(pulses.SensorId, pulses.Time, pulses.Charge, pulses.Auxiliary);
                lengths[row] = _featurizer.Featurize(view, features.AsSpan(row * eventLength, eventLength));
            }

            var outputs = _network.Forward(features, lengths, count, training: false, Step);
            ReadOutputs(outputs, ids, count, predictions);
        }

        return predictions;
    }

    /// <summary>Copies the current weights aside (keep-best).</summary>
    public void SnapshotWeights()
    {
        var parameters = _network.Parameters;
        _bestWeights ??= [.. parameters.Select(p => Device.Pool.Rent(p.Value.Shape.ToArray()))];
        for (int i = 0; i < parameters.Count; i++)
        {
            Device.Ops.Elementwise.Copy(parameters[i].Value, _bestWeights[i]);
        }
    }

    /// <summary>Puts back the weights of the last <see cref="SnapshotWeights"/>.</summary>
    public void RestoreSnapshot()
    {
        var parameters = _network.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            Device.Ops.Elementwise.Copy(_bestWeights![i], parameters[i].Value);
        }
    }

    /// <summary>Counts a completed epoch.</summary>
    public void CompleteEpoch() => EpochsCompleted++;

    /// <summary>The weights as named host tensors ("dense_0/kernel"), for a checkpoint.</summary>
    public List<NamedTensor> ExportWeights()
    {
        var network = _network;
        var weights = new List<NamedTensor>(network.Parameters.Count);
        for (int i = 0; i < network.Parameters.Count; i++)
        {
            var value = network.Parameters[i].Value;
            weights.Add(new NamedTensor(network.ParameterNames[i], value.Shape.ToArray(), value.ToArray()));
        }

        return weights;
    }

    /// <summary>Adam's moments as named host tensors, or null before the first fit (no state to save).</summary>
    public List<NamedTensor>? ExportOptimizerState() => _adam?.Export(_network.ParameterNames);

    /// <summary>
    /// Takes the weights, the optimizer state (when <paramref name="hasOptimizerState"/>) and the counts of a
    /// checkpoint read from <paramref name="path"/>, checking every tensor by name and shape.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor is missing, extra or has the wrong shape.</exception>
    public void Restore(CheckpointContents contents, long step, int epochs, bool hasOptimizerState, string path)
    {
        var network = _network;
        var weights = TensorTable.ByName(contents.Weights, path);
        for (int i = 0; i < network.Parameters.Count; i++)
        {
            TensorTable.Upload(weights, network.ParameterNames[i], network.Parameters[i].Value, path);
        }

        if (weights.Count != network.Parameters.Count)
        {
            throw new InvalidDataException(
                $"Checkpoint {path} has {weights.Count} weight tensors; its architecture has {network.Parameters.Count}.");
        }

        if (hasOptimizerState)
        {
            _adam = new AdamState(network);
            _adam.Import(network.ParameterNames, contents.OptimizerState, path);
        }
        else if (contents.OptimizerState.Count > 0)
        {
            throw new InvalidDataException($"Checkpoint {path} has optimizer-state tensors its JSON does not announce.");
        }

        Step = step;
        EpochsCompleted = epochs;
    }

    /// <summary>Returns the network's, the moments' and the snapshot's buffers to the device's pool.</summary>
    public void Dispose()
    {
        _network.Dispose();
        _adam?.Dispose();
        foreach (var tensor in _bestWeights ?? [])
        {
            tensor.Dispose();
        }
    }

    private static void CheckPulses(PulseEvent pulses, SensorGeometry geometry)
    {
        var sensors = pulses.SensorId;
        var charge = pulses.Charge;
        for (int p = 0; p < pulses.Count; p++)
        {
            if (sensors[p] < 0 || sensors[p] >= geometry.Count)
            {
                throw new ArgumentException(
                    $"Event {pulses.EventId}, pulse {p}: sensor_id {sensors[p]} is outside the geometry's 0 .. {geometry.Count - 1}.");
            }

            if (!(charge[p] > 0 && float.IsFinite(charge[p])))
            {
                throw new ArgumentException($"Event {pulses.EventId}, pulse {p}: charge {charge[p]} p.e. must be positive and finite.");
            }
        }
    }

    private ReadOnlySpan<float> Targets(MiniBatch batch) => Config.Loss == Loss.Mse ? batch.Angles : batch.Directions;

    private void ReadOutputs(DeviceTensor outputs, ReadOnlySpan<long> eventIds, int count, List<EventPrediction> destination)
    {
        int n = Config.OutputCount;
        var host = _outputStaging.AsSpan(0, count * n);
        outputs.Download(host);
        for (int row = 0; row < count; row++)
        {
            destination.Add(OutputHead.Read(Config.Loss, eventIds[row], host.Slice(row * n, n)));
        }
    }
}
