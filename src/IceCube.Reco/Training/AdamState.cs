using IceCube.Reco.Kernels;
using IceCube.Reco.Compute;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Training;

/// <summary>
/// Adam's first and second moments, one pair of device tensors per parameter in the network's parameter order;
/// they outlive a network rebuilt for a larger batch and are saved in checkpoints.
/// </summary>
internal sealed class AdamState : IDisposable
{
    private readonly Device _device;
    private readonly DeviceTensor[] _first;
    private readonly DeviceTensor[] _second;

    /// <summary>Zeroed moments for the parameters of <paramref name="network"/>.</summary>
    public AdamState(Network network)
    {
        _device = network.Device;
        _first = [.. network.Parameters.Select(p => _device.Pool.RentZeroed(p.Value.Shape.ToArray()))];
        _second = [.. network.Parameters.Select(p => _device.Pool.RentZeroed(p.Value.Shape.ToArray()))];
    }

    /// <summary>One Adam (AdamW when the settings have weight decay) step over every parameter.</summary>
    /// <param name="parameters">The parameters with their gradients.</param>
    /// <param name="settings">Adam's settings.</param>
    /// <param name="learningRate">This step's learning rate (the schedule applied).</param>
    /// <param name="step">The step number, from 1 (bias correction).</param>
    public void Apply(IReadOnlyList<Parameter> parameters, Adam settings, double learningRate, long step)
    {
        if (step > int.MaxValue)
        {
            throw new InvalidOperationException($"Adam's step count {step} exceeds {int.MaxValue}.");
        }

        var stepSettings = new AdamSettings(
            (float)learningRate, (float)settings.Beta1, (float)settings.Beta2, (float)settings.Epsilon,
            (float)settings.WeightDecay, decoupled: true);
        for (int i = 0; i < parameters.Count; i++)
        {
            _device.Ops.Adam.Update(parameters[i].Value, parameters[i].Gradient, _first[i], _second[i], stepSettings, (int)step);
        }
    }

    /// <summary>The moments as named host tensors ("name/m", "name/v"), for a checkpoint.</summary>
    public List<NamedTensor> Export(IReadOnlyList<string> names)
    {
        var tensors = new List<NamedTensor>(2 * names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            tensors.Add(new NamedTensor($"{names[i]}/m", _first[i].Shape.ToArray(), _first[i].ToArray()));
            tensors.Add(new NamedTensor($"{names[i]}/v", _second[i].Shape.ToArray(), _second[i].ToArray()));
        }

        return tensors;
    }

    /// <summary>Sets the moments from a checkpoint's tensors (checked by name and shape).</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape.</exception>
    public void Import(IReadOnlyList<string> names, IReadOnlyList<NamedTensor> tensors, string path)
    {
        var byName = TensorTable.ByName(tensors, path);
        for (int i = 0; i < names.Count; i++)
        {
            TensorTable.Upload(byName, $"{names[i]}/m", _first[i], path);
            TensorTable.Upload(byName, $"{names[i]}/v", _second[i], path);
        }

        if (byName.Count != 2 * names.Count)
        {
            throw new InvalidDataException(
                $"Checkpoint {path} has {byName.Count} optimizer-state tensors; this architecture has {2 * names.Count}.");
        }
    }

    /// <summary>Returns the moments to the device's pool.</summary>
    public void Dispose()
    {
        foreach (var tensor in _first.Concat(_second))
        {
            tensor.Dispose();
        }
    }
}
