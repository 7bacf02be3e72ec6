using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The bidirectional LSTM recurrence ops alone (LstmOps.Forward and Backward; the input-projection and
/// weight-gradient GEMMs are measured with the GEMM), every event at full length, at the notebook shape (B = 32,
/// L = 100, H = 16) and the wide shape (B = 256, L = 128, H = 64), on the host-SIMD device at its widest vectors and
/// scalar, and on ILGPU's CPU accelerator for comparison. FLOPs (multiply-add = 2, D = 2 directions): forward
/// h_prev U, 2 D B L 4H H; backward dz U^T, the same again; pointwise gate work not counted.
/// </summary>
[MemoryDiagnoser(false)]
[MinColumn]
public class HostLstmBenchmarks
{
    private Device device = null!;
    private DeviceTensor lengths = null!;
    private DeviceTensor gates = null!;
    private DeviceTensor cells = null!;
    private DeviceTensor previousHidden = null!;
    private DeviceTensor output = null!;
    private DeviceTensor outputGradient = null!;
    private DeviceTensor gateGradient = null!;
    private DeviceTensor forwardKernel = null!;
    private DeviceTensor reverseKernel = null!;
    private SimdWidth savedWidth;

    /// <summary>"notebook" (B 32, L 100, H 16) or "wide" (B 256, L 128, H 64).</summary>
    [Params("notebook", "wide")]
    public string Shape { get; set; } = "notebook";

    /// <summary>"host-simd" (widest vectors), "host-scalar" (host-SIMD forced to scalar) or "ilgpu-cpu".</summary>
    [Params("host-simd", "host-scalar", "ilgpu-cpu")]
    public string Engine { get; set; } = "host-simd";

    private int Batch => Shape == "wide" ? 256 : 32;

    private int Steps => Shape == "wide" ? 128 : 100;

    private int Hidden => Shape == "wide" ? 64 : 16;

    [GlobalSetup]
    public void Setup()
    {
        savedWidth = SimdCapability.Active;
        device = Device.Open(Engine == "ilgpu-cpu" ? "ilgpu-cpu" : "host-simd");
        SimdCapability.Active = Engine == "host-scalar" ? SimdWidth.Scalar : SimdCapability.Best;
        int width = 4 * Hidden;
        lengths = device.Pool.Rent(Batch);
        lengths.Upload(Enumerable.Repeat((float)Steps, Batch).ToArray());
        gates = Upload(device.Pool.Rent(2, Batch, Steps, width), 1);
        cells = device.Pool.Rent(2, Batch, Steps, Hidden);
        previousHidden = device.Pool.Rent(2, Batch, Steps, Hidden);
        output = device.Pool.Rent(Batch, Steps, 2 * Hidden);
        outputGradient = Upload(device.Pool.Rent(Batch, Steps, 2 * Hidden), 2);
        gateGradient = device.Pool.Rent(2, Batch, Steps, width);
        forwardKernel = Upload(device.Pool.Rent(Hidden, width), 3);
        reverseKernel = Upload(device.Pool.Rent(Hidden, width), 4);
        Console.WriteLine($"// device: {device}, width {SimdCapability.Active}, threads {HostParallel.ThreadCount}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SimdCapability.Active = savedWidth;
        device.Dispose();
    }

    /// <summary>Inference: the fused forward recurrence of both directions (gates are re-activated in place each call).</summary>
    [Benchmark]
    public void RecurrenceForward()
    {
        device.Ops.Lstm.Forward(Batch, lengths, gates, cells, previousHidden, output, forwardKernel, reverseKernel);
        device.Ops.Synchronize();
    }

    /// <summary>Training: the forward recurrence, then backpropagation through time to dz.</summary>
    [Benchmark]
    public void RecurrenceForwardBackward()
    {
        device.Ops.Lstm.Forward(Batch, lengths, gates, cells, previousHidden, output, forwardKernel, reverseKernel);
        device.Ops.Lstm.Backward(Batch, lengths, gates, cells, outputGradient, gateGradient, forwardKernel, reverseKernel);
        device.Ops.Synchronize();
    }

    private static DeviceTensor Upload(DeviceTensor tensor, int seed)
    {
        var random = new Random(seed);
        tensor.Upload(Enumerable.Range(0, (int)tensor.Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        return tensor;
    }
}
