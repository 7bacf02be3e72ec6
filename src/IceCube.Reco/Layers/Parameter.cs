using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>A trainable tensor of a layer with the gradient its layer's backward pass writes.</summary>
internal sealed class Parameter : IDisposable
{
    /// <summary>Creates a parameter and its gradient, both of <paramref name="shape"/>, from the device's pool.</summary>
    public Parameter(Device device, string name, params int[] shape)
    {
        Name = name;
        Value = device.Pool.Rent(shape);
        Gradient = device.Pool.RentZeroed(shape);
    }

    /// <summary>The name within its layer, in Keras' vocabulary: kernel, recurrent_kernel, bias.</summary>
    public string Name { get; }

    /// <summary>The weights.</summary>
    public DeviceTensor Value { get; }

    /// <summary>dLoss/dValue for the last backward pass (overwritten, not accumulated, by every backward pass).</summary>
    public DeviceTensor Gradient { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Value.Dispose();
        Gradient.Dispose();
    }
}
