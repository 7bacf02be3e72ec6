using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The host-SIMD Conv1D, pooling, dropout and angular loss ops called directly on the "host-simd" device, at the
/// notebook shape (B = 32, L = 100, F = 5, Conv1D 8, BiLSTM output 2 x 16, Dense 16) and the wide shape (B = 256,
/// L = 128, F = 6, Conv1D 64, BiLSTM output 2 x 64, Dense 128), every event at full length, at the machine's widest
/// vector width ("best") and with scalar loops ("scalar"), on all cores. Conv1D FLOPs per pass: 2 B L K Cin Cout.
/// </summary>
[MemoryDiagnoser(false)]
public class HostLayerOpsBenchmarks
{
    private Device device = null!;
    private DeviceTensor x = null!, lengths = null!, weights = null!, bias = null!, columns = null!, y = null!;
    private DeviceTensor dy = null!, dz = null!, dColumns = null!, dWeights = null!, dBias = null!;
    private DeviceTensor sequence = null!, pooled = null!, sequenceGradient = null!, dense = null!;
    private DeviceTensor prediction = null!, target = null!, meanLoss = null!, lossGradient = null!;
    private SimdWidth savedWidth;
    private ulong step;

    /// <summary>notebook or wide.</summary>
    [Params("notebook", "wide")]
    public string Shape { get; set; } = "notebook";

    /// <summary>best (the widest vectors here) or scalar.</summary>
    [Params("best", "scalar")]
    public string Width { get; set; } = "best";

    [GlobalSetup]
    public void Setup()
    {
        bool wide = Shape == "wide";
        int batch = wide ? 256 : 32, steps = wide ? 128 : 100, features = wide ? 6 : 5, filters = wide ? 64 : 8;
        int sequenceChannels = wide ? 128 : 32, denseUnits = wide ? 128 : 16;
        const int kernelSize = 3;
        savedWidth = SimdCapability.Active;
        SimdCapability.Active = Width == "scalar" ? SimdWidth.Scalar : SimdCapability.Best;
        device = Device.Open("host-simd");
        Console.WriteLine($"// device: {device}, width {SimdCapability.Active}, threads {HostParallel.ThreadCount}");
        x = Random(batch, steps, features);
        lengths = device.Pool.Rent(batch);
        lengths.Upload(Enumerable.Repeat((float)steps, batch).ToArray());
        weights = Random(kernelSize, features, filters);
        bias = Random(filters);
        columns = device.Pool.Rent(batch, steps, kernelSize * features);
        y = device.Pool.Rent(batch, steps, filters);
        dy = Random(batch, steps, filters);
        dz = device.Pool.Rent(batch, steps, filters);
        dColumns = device.Pool.Rent(batch, steps, kernelSize * features);
        dWeights = device.Pool.Rent(kernelSize, features, filters);
        dBias = device.Pool.Rent(filters);
        sequence = Random(batch, steps, sequenceChannels);
        pooled = Random(batch, sequenceChannels);
        sequenceGradient = device.Pool.Rent(batch, steps, sequenceChannels);
        dense = Random(batch, denseUnits);
        prediction = Random(batch, 3);
        target = Random(batch, 3);
        meanLoss = device.Pool.Rent(1);
        lossGradient = device.Pool.Rent(batch, 3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        device.Dispose();
        SimdCapability.Active = savedWidth;
    }

    /// <summary>Conv1D forward (im2col window and product, ReLU).</summary>
    [Benchmark]
    public void Conv1DForward() =>
        device.Ops.Conv1D.Forward(x, lengths, weights, bias, columns, y, ActivationKind.Relu);

    /// <summary>Conv1D forward + backward without the input gradient, as the network's first layer runs.</summary>
    [Benchmark]
    public void Conv1DForwardBackwardFirstLayer()
    {
        device.Ops.Conv1D.Forward(x, lengths, weights, bias, columns, y, ActivationKind.Relu);
        device.Ops.Conv1D.Backward(lengths, weights, columns, y, dy, ActivationKind.Relu, dz, dColumns, dWeights, dBias, null);
    }

    /// <summary>
    /// The product alone of the im2col + GEMM alternative to the direct forward: y = columns weights + bias through
    /// the seam's packed GEMM (the gather and the activation would come on top).
    /// </summary>
    [Benchmark]
    public void Conv1DForwardProductAsGemm()
    {
        int rows = y.Dim(0) * y.Dim(1), window = columns.Dim(2);
        device.Ops.Gemm.Multiply(
            columns.Reshape(rows, window), false, weights.Reshape(window, y.Dim(2)), false, y.Reshape(rows, y.Dim(2)),
            bias: bias);
    }

    /// <summary>The weight gradient alone as the alternative's GEMM: dw = columns^T dz.</summary>
    [Benchmark]
    public void Conv1DWeightGradientAsGemm()
    {
        int rows = y.Dim(0) * y.Dim(1), window = columns.Dim(2);
        device.Ops.Gemm.Multiply(
            columns.Reshape(rows, window), true, dz.Reshape(rows, y.Dim(2)), false, dWeights.Reshape(window, y.Dim(2)));
    }

    /// <summary>Global average pooling of the BiLSTM output, forward + backward.</summary>
    [Benchmark]
    public void PoolingForwardBackward()
    {
        device.Ops.Pooling.Forward(sequence, lengths, pooled);
        device.Ops.Pooling.Backward(pooled, lengths, sequenceGradient);
    }

    /// <summary>Dropout (rate 0.2) on the first dense layer's output, forward + backward, in place.</summary>
    [Benchmark]
    public void DropoutForwardBackward()
    {
        step++;
        device.Ops.Dropout.Apply(dense, dense, 0.2f, 7, step);
        device.Ops.Dropout.Apply(dense, dense, 0.2f, 7, step);
    }

    /// <summary>Dropout (rate 0.2) over the whole BiLSTM output, a bandwidth figure.</summary>
    [Benchmark]
    public void DropoutOnTheSequence() => device.Ops.Dropout.Apply(sequence, sequenceGradient, 0.2f, 7, ++step);

    /// <summary>Angular loss: mean and gradient.</summary>
    [Benchmark]
    public void AngularLoss() => device.Ops.Loss.Compute(LossKind.Angular, prediction, target, meanLoss, lossGradient);

    private DeviceTensor Random(params int[] shape)
    {
        var tensor = device.Pool.Rent(shape);
        var random = new Random(tensor.Length);
        tensor.Upload([.. Enumerable.Range(0, tensor.Length).Select(_ => (float)(random.NextDouble() - 0.5))]);
        return tensor;
    }
}
