using IceCube.Reco.Compute;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Training;

/// <summary>
/// A model's layers built on a device for batches of up to <see cref="Capacity"/> events, with the device tensors a
/// step needs (input [B, L, F], lengths [B], targets [B, outputs]) and the loss, all allocated once: a step uploads
/// into them and allocates nothing.
/// </summary>
internal sealed class Network : IDisposable
{
    private readonly Layer[] _layers;
    private readonly BatchContext _context = new();
    private readonly BatchBuffer _input;
    private readonly BatchBuffer _targets;
    private readonly DeviceTensor _lengthsFull;
    private DeviceTensor? _lengthsView;
    private readonly float[] _lengthStaging;
    private readonly float[] _lossStaging = new float[1];
    private readonly LossEvaluator _loss;
    private readonly int _eventLength;

    private Network(Device device, ModelConfig config, int capacity)
    {
        Device = device;
        Config = config;
        Capacity = capacity;
        var inputShape = config.Shapes[0];
        _eventLength = inputShape[0] * inputShape[1];
        _layers = new Layer[config.Layers.Count];
        var parameters = new List<Parameter>();
        var names = new List<string>();
        try
        {
            _input = new BatchBuffer(device, capacity, inputShape);
            _lengthsFull = device.Pool.RentZeroed(capacity);
            _targets = new BatchBuffer(device, capacity, [config.OutputCount]);
            _loss = new LossEvaluator(device, config.Loss, capacity);
            for (int i = 0; i < _layers.Length; i++)
            {
                _layers[i] = config.Layers[i].Create(config.Names[i]);

                // Each layer draws its initial weights from its own stream of the model's seed.
                _layers[i].Build(device, config.Shapes[i], capacity, Initializers.DeriveSeed((ulong)(uint)config.Seed, (ulong)i));
                foreach (var parameter in _layers[i].Parameters)
                {
                    parameters.Add(parameter);
                    names.Add($"{config.Names[i]}/{parameter.Name}");
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        _lengthStaging = new float[capacity];
        Parameters = parameters;
        ParameterNames = names;
        Gradients = [.. parameters.Select(p => p.Gradient)];
        _context.Seed = (ulong)(uint)config.Seed;
    }

    /// <summary>The device.</summary>
    public Device Device { get; }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>The most events one forward pass takes.</summary>
    public int Capacity { get; }

    /// <summary>Every layer's parameters, layer by layer in each layer's order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Checkpoint names of <see cref="Parameters"/>: "layer/parameter", e.g. "dense_0/kernel".</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The parameters' gradient tensors, in the same order (for clipping).</summary>
    public IReadOnlyList<DeviceTensor> Gradients { get; }

    /// <summary>Builds the layers (freshly initialised from the config's seed) for up to <paramref name="capacity"/> events.</summary>
    public static Network Create(Device device, ModelConfig config, int capacity) => new(device, config, capacity);

    /// <summary>Copies the weights of another network of the same architecture on the same device.</summary>
    public void CopyWeightsFrom(Network other)
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            Device.Ops.Elementwise.Copy(other.Parameters[i].Value, Parameters[i].Value);
        }
    }

    /// <summary>
    /// Uploads <paramref name="count"/> events (features [count, L, F], lengths [count]) and runs the forward pass;
    /// returns the outputs [count, outputs] (a view valid until the next forward pass).
    /// </summary>
    public DeviceTensor Forward(ReadOnlySpan<float> features, ReadOnlySpan<int> lengths, int count, bool training, long step)
    {
        var input = _input.For(count);
        input.Upload(features[..(count * _eventLength)]);
        for (int i = 0; i < count; i++)
        {
            // Lengths travel as exact floats (BatchContext): every length up to 2^24 is representable.
            _lengthStaging[i] = lengths[i];
        }

        if (_lengthsView is null || _lengthsView.Dim(0) != count)
        {
            _lengthsView = _lengthsFull.Slice(0, count);
        }

        _lengthsView.Upload(_lengthStaging.AsSpan(0, count));
        _context.BatchSize = count;
        _context.Lengths = _lengthsFull;
        _context.Training = training;
        _context.Step = step;
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(_context, x);
        }

        return x;
    }

    /// <summary>
    /// Uploads the targets [count, outputs] and computes the mean loss of <paramref name="outputs"/> on the device;
    /// returns dLoss/dOutputs when <paramref name="withGradient"/>.
    /// </summary>
    public DeviceTensor? Loss(DeviceTensor outputs, ReadOnlySpan<float> targets, int count, bool withGradient)
    {
        var target = _targets.For(count);
        target.Upload(targets[..(count * Config.OutputCount)]);
        return _loss.Evaluate(outputs, target, withGradient);
    }

    /// <summary>Waits for the device and returns the mean loss of the last <see cref="Loss"/> call.</summary>
    public float ReadLoss()
    {
        _loss.MeanLoss.Download(_lossStaging);
        return _lossStaging[0];
    }

    /// <summary>Backpropagates dLoss/dOutputs of the last training forward pass, writing every parameter's gradient.</summary>
    public void Backward(DeviceTensor outputGradient)
    {
        var gradient = outputGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            // The first layer's input is data: its gradient is never needed.
            gradient = _layers[i].Backward(_context, gradient, computeInputGradient: i > 0)!;
        }
    }

    /// <summary>Returns every buffer to the device's pool.</summary>
    public void Dispose()
    {
        foreach (var layer in _layers)
        {
            layer?.Dispose();
        }

        _input?.Dispose();
        _lengthsFull?.Dispose();
        _targets?.Dispose();
        _loss?.Dispose();
    }
}
