using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The bidirectional LSTM layer, inference forward, training forward and forward + backward, at the notebook shape (B = 32, L = 100, Cin = 8
/// from Conv1D(8), H = 16) and the wide shape (B = 256, L = 128, Cin = 64, H = 64), every event at full length.
/// FLOP formulas (multiply-add = 2, both directions, D = 2): forward 2 D B L 4H (Cin + H); backward
/// 2 D B L 4H (H + 2 Cin + H) (dh_prev = dZ U^T, dW = X^T dZ, dX = dZ W^T, dU = H_prev^T dZ); pointwise gate work not
/// counted. The device is Device.Select(null): CUDA where present, else the host-SIMD device
/// (ICECUBE_RECO_DEVICE=ilgpu-cpu for ILGPU's CPU accelerator).
/// </summary>
[MemoryDiagnoser(false)]
[MinColumn]
public class LstmBenchmarks
{
    private Device device = null!;
    private BiLstm layer = null!;
    private DeviceTensor input = null!;
    private DeviceTensor outputGradient = null!;
    private DeviceTensor lengths = null!;
    private BatchContext context = null!;
    private BatchContext inferenceContext = null!;

    /// <summary>"notebook" (B 32, L 100, Cin 8, H 16) or "wide" (B 256, L 128, Cin 64, H 64).</summary>
    [Params("notebook", "wide")]
    public string Shape { get; set; } = "notebook";

    private (int Batch, int Steps, int InChannels, int Hidden) Dims => Shape == "wide" ? (256, 128, 64, 64) : (32, 100, 8, 16);

    [GlobalSetup]
    public void Setup()
    {
        device = Device.Select(null);
        var (batch, steps, inChannels, hidden) = Dims;
        layer = new BiLstm("bilstm", hidden);
        layer.Build(device, [steps, inChannels], batch, seed: 1);
        input = device.Pool.Rent(batch, steps, inChannels);
        outputGradient = device.Pool.Rent(batch, steps, 2 * hidden);
        lengths = device.Pool.Rent(batch);
        input.Upload(Values(input.Length, 1));
        outputGradient.Upload(Values(outputGradient.Length, 2));
        lengths.Upload(Enumerable.Repeat((float)steps, batch).ToArray());
        context = new BatchContext { BatchSize = batch, Lengths = lengths, Training = true, Step = 1, Seed = 1 };
        inferenceContext = new BatchContext { BatchSize = batch, Lengths = lengths, Training = false, Step = 1, Seed = 1 };
        Console.WriteLine($"// device: {device}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        layer.Dispose();
        device.Dispose();
    }

    /// <summary>Inference (Training false): one LstmInference call, on the host the fused recurrence.</summary>
    [Benchmark]
    public void LstmInference()
    {
        layer.Forward(inferenceContext, input);
        device.Ops.Synchronize();
    }

    /// <summary>The training forward pass: 2 input-projection GEMMs and one fused recurrence launch.</summary>
    [Benchmark]
    public void LstmForward()
    {
        layer.Forward(context, input);
        device.Ops.Synchronize();
    }

    /// <summary>Training: the forward pass, then the fused BPTT launch and the gradient GEMMs and column sums.</summary>
    [Benchmark]
    public void LstmForwardBackward()
    {
        layer.Forward(context, input);
        layer.Backward(context, outputGradient, computeInputGradient: true);
        device.Ops.Synchronize();
    }

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }
}
