using IceCube.Reco.Compute;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Benchmarks.Layers;

/// <summary>
/// One layer at a benchmark shape: the device (Device.Select(null): CUDA where present, else the host-SIMD
/// device; ICECUBE_RECO_DEVICE=ilgpu-cpu for ILGPU's CPU accelerator), the layer built for the batch, every event at full length, random input and output
/// gradient, and a forward + backward that waits for the device.
/// </summary>
internal sealed class LayerBench : IDisposable
{
    private readonly DeviceTensor input;
    private readonly DeviceTensor outputGradient;

    /// <summary>Builds <paramref name="layer"/> for [batch, ...perExample] inputs.</summary>
    public LayerBench(Layer layer, int batch, int[] perExample, bool computeInputGradient = true)
    {
        Device = Device.Select(null);
        Layer = layer;
        ComputeInputGradient = computeInputGradient;
        layer.Build(Device, perExample, batch, seed: 1);
        int steps = perExample.Length == 2 ? perExample[0] : 1;
        var lengths = Device.Pool.Rent(batch);
        lengths.Upload(Enumerable.Repeat((float)steps, batch).ToArray());
        Context = new BatchContext { BatchSize = batch, Lengths = lengths, Training = true, Step = 1, Seed = 7 };
        input = Device.Pool.Rent([batch, .. perExample]);
        input.Upload(Values(input.Length));
        outputGradient = Device.Pool.Rent([batch, .. layer.OutputShape(perExample)]);
        outputGradient.Upload(Values(outputGradient.Length));
        Console.WriteLine($"// device: {Device}");
    }

    /// <summary>The device.</summary>
    public Device Device { get; }

    /// <summary>The layer under test.</summary>
    public Layer Layer { get; }

    /// <summary>The batch in flight.</summary>
    public BatchContext Context { get; }

    /// <summary>Whether backward computes the input gradient (false for a first layer).</summary>
    public bool ComputeInputGradient { get; }

    /// <summary>Forward then backward, waited for.</summary>
    public void ForwardBackward()
    {
        Layer.Forward(Context, input);
        Layer.Backward(Context, outputGradient, ComputeInputGradient);
        Device.Ops.Synchronize();
    }

    /// <summary>Forward only (inference semantics are the caller's: set Context.Training), waited for.</summary>
    public void Forward()
    {
        Layer.Forward(Context, input);
        Device.Ops.Synchronize();
    }

    /// <summary>Frees the layer and the device.</summary>
    public void Dispose()
    {
        Layer.Dispose();
        Device.Dispose();
    }

    private static float[] Values(int length)
    {
        var random = new Random(1);
        return [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5))];
    }
}
