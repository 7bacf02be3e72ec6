namespace IceCube.Reco.Compute;

/// <summary>
/// The one seam between layers and kernels: every device operation a layer or optimizer needs, grouped by op, over
/// <see cref="DeviceTensor"/>s of one device. Each op's seam class (<see cref="Conv1DOps"/>, <see cref="LstmOps"/>, …)
/// validates its operands once, then hands the call to its backend: the host-SIMD implementation (computes at once,
/// on the calling thread and the host worker threads) or the ILGPU launcher (queues kernels on the accelerator's
/// stream; <see cref="DeviceTensor.Download"/> and <see cref="Synchronize"/> wait for them). Each op lives in its own
/// folder of Compute/ with its kernels in the same-named folder of IceCube.Reco.Kernels.
/// </summary>
internal sealed class ComputeOps
{
    private readonly IlgpuLauncher? launcher;

    private ComputeOps(
        GemmOps gemm, ElementwiseOps elementwise, ReductionOps reductions, Conv1DOps conv1D, LstmOps lstm,
        PoolingOps pooling, DropoutOps dropout, LossOps loss, AdamOps adam, IlgpuLauncher? launcher)
    {
        Gemm = gemm;
        Elementwise = elementwise;
        Reductions = reductions;
        Conv1D = conv1D;
        Lstm = lstm;
        Pooling = pooling;
        Dropout = dropout;
        Loss = loss;
        Adam = adam;
        this.launcher = launcher;
    }

    /// <summary>Matrix products with transposes, strided rows and a fused bias.</summary>
    public GemmOps Gemm { get; }

    /// <summary>Fill, copy, scale, axpy, bias and activations, element by element.</summary>
    public ElementwiseOps Elementwise { get; }

    /// <summary>Column sums (bias gradients), the global L2 norm and clipping by it.</summary>
    public ReductionOps Reductions { get; }

    /// <summary>The masked 1D convolution, forward and backward.</summary>
    public Conv1DOps Conv1D { get; }

    /// <summary>The LSTM recurrence, its backpropagation through time and the fused inference pass.</summary>
    public LstmOps Lstm { get; }

    /// <summary>Global average pooling over each event's real steps.</summary>
    public PoolingOps Pooling { get; }

    /// <summary>Inverted dropout with a counter-based mask.</summary>
    public DropoutOps Dropout { get; }

    /// <summary>The training losses (angular, von Mises-Fisher, mean squared error).</summary>
    public LossOps Loss { get; }

    /// <summary>The Adam / AdamW update.</summary>
    public AdamOps Adam { get; }

    /// <summary>The ops of <paramref name="device"/>: host SIMD for the host device, the ILGPU launchers otherwise.</summary>
    public static ComputeOps For(Device device)
    {
        if (device.Kind == DeviceKind.HostSimd)
        {
            return new ComputeOps(
                new HostGemmOps(device), new HostElementwiseOps(device), new HostReductionOps(device),
                new HostConv1DOps(device), new HostLstmOps(device), new HostPoolingOps(device),
                new HostDropoutOps(device), new HostLossOps(device), new HostAdamOps(device), launcher: null);
        }

        var launcher = new IlgpuLauncher(device);
        var gemm = new IlgpuGemmOps(launcher);
        var elementwise = new IlgpuElementwiseOps(launcher);
        var reductions = new IlgpuReductionOps(launcher);
        return new ComputeOps(
            gemm, elementwise, reductions, new IlgpuConv1DOps(launcher, gemm, elementwise, reductions),
            new IlgpuLstmOps(launcher, gemm), new IlgpuPoolingOps(launcher), new IlgpuDropoutOps(launcher),
            new IlgpuLossOps(launcher), new IlgpuAdamOps(launcher), launcher);
    }

    /// <summary>
    /// Waits until every queued operation has finished (a no-op on the host, whose ops finish before they return).
    /// </summary>
    public void Synchronize() => launcher?.Synchronize();
}
