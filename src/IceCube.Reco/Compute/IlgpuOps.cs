using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// <see cref="IComputeOps"/> on an ILGPU accelerator: validates on the host, picks the launch shape (about one fat
/// thread per core on the CPU accelerator, a grid-stride launch of many threads on CUDA), and queues the cached
/// kernel on the accelerator's default stream.
/// </summary>
internal sealed partial class IlgpuOps : IComputeOps
{
    private readonly Device device;
    private readonly Accelerator accelerator;
    private readonly KernelCache kernels;
    private readonly bool isCpu;
    private readonly int maxWorkers;
    private DeviceTensor? scratch;

    // Split-K sizing (see Slices): ~1,024 groups fill an H100/H200 (132 multiprocessors) several times over.
    private const int SplitGroups = 1024;
    private const int MinSliceK = 256;

    /// <summary>Creates the launcher of <paramref name="device"/>.</summary>
    public IlgpuOps(Device device)
    {
        this.device = device;
        accelerator = device.Accelerator;
        kernels = new KernelCache(accelerator);
        isCpu = accelerator.AcceleratorType == AcceleratorType.CPU;
        maxWorkers = isCpu ? Math.Max(1, Environment.ProcessorCount) : accelerator.MaxNumThreads;
        GemmVariant = isCpu ? GemmVariant.Chunked : GemmVariant.Tiled;
        LstmVariant = isCpu ? LstmVariant.PerEvent : LstmVariant.Grouped;
    }

    /// <summary>
    /// The GEMM kernel in use: by default Chunked on the CPU accelerator, Tiled on CUDA. Tests set Tiled on a CPU
    /// device with large enough groups to check the CUDA kernel's logic without a GPU.
    /// </summary>
    public GemmVariant GemmVariant { get; set; }

    /// <summary>
    /// The LSTM recurrence kernels in use: by default PerEvent on the CPU accelerator, Grouped on CUDA (for H up to
    /// <see cref="LstmGroupKernels.MaxHidden"/> and groups of 4H threads; PerEvent beyond). Tests set Grouped on a CPU
    /// device with large enough groups to check the CUDA kernels' logic without a GPU.
    /// </summary>
    public LstmVariant LstmVariant { get; set; }

    /// <inheritdoc />
    public void Gemm(
        DeviceTensor a, bool transposeA, DeviceTensor b, bool transposeB, DeviceTensor c,
        float alpha = 1f, float beta = 0f, DeviceTensor? bias = null)
    {
        var shape = OpsValidation.Gemm(device, a, transposeA, b, transposeB, c, alpha, beta, bias);
        if (shape.M == 0 || shape.N == 0)
        {
            return;
        }

        // The bias view is never read without HasBias; C stands in so the kernel gets a valid view.
        var biasView = bias?.View ?? c.View;
        if (GemmVariant == GemmVariant.Tiled)
        {
            int tilesM = (shape.M + GemmKernels.TileSize - 1) / GemmKernels.TileSize;
            int tilesN = (shape.N + GemmKernels.TileSize - 1) / GemmKernels.TileSize;
            int slices = Slices(tilesM * tilesN, shape.K);
            if (slices > 1)
            {
                int kPerSlice = (shape.K + slices - 1) / slices;
                slices = (shape.K + kPerSlice - 1) / kPerSlice;
                var partials = Scratch(slices * shape.M * shape.N);
                var sliced = new KernelConfig(
                    new Index3D(tilesM, tilesN, slices), new Index3D(GemmKernels.TileSize, GemmKernels.TileSize, 1));
                kernels.GemmTiledSlice(sliced, a.View, b.View, partials, shape, kPerSlice);
                kernels.GemmSplitSum(shape.M * shape.N, partials, c.View, biasView, shape, slices);
                return;
            }

            var config = new KernelConfig(
                new Index2D(tilesM, tilesN), new Index2D(GemmKernels.TileSize, GemmKernels.TileSize));
            kernels.GemmTiled(config, a.View, b.View, c.View, biasView, shape);
            return;
        }

        var work = Split(GemmKernels.ChunkedItems(shape.M, shape.N));
        kernels.GemmChunked(work.Workers, work, a.View, b.View, c.View, biasView, shape);
    }

    /// <inheritdoc />
    public void Fill(DeviceTensor x, float value)
    {
        OpsValidation.Contiguous(device, x, nameof(x));
        if (x.Length > 0)
        {
            var work = Split(x.Length);
            kernels.Fill(work.Workers, work, x.View, value);
        }
    }

    /// <inheritdoc />
    public void Copy(DeviceTensor source, DeviceTensor destination)
    {
        OpsValidation.Contiguous(device, source, nameof(source));
        OpsValidation.Contiguous(device, destination, nameof(destination));
        if (source.Length != destination.Length)
        {
            throw new ArgumentException(
                $"'destination' has {destination.Length} elements; 'source' has {source.Length}.", nameof(destination));
        }

        if (source.Length > 0)
        {
            var work = Split(source.Length);
            kernels.Copy(work.Workers, work, source.View, destination.View);
        }
    }

    /// <inheritdoc />
    public void Scale(DeviceTensor x, float alpha)
    {
        OpsValidation.Contiguous(device, x, nameof(x));
        if (x.Length > 0)
        {
            var work = Split(x.Length);
            kernels.Scale(work.Workers, work, x.View, alpha);
        }
    }

    /// <inheritdoc />
    public void Axpy(float alpha, DeviceTensor x, DeviceTensor y)
    {
        OpsValidation.SameShape(device, x, nameof(x), y, nameof(y));
        if (x.Length > 0)
        {
            var work = Split(x.Length);
            kernels.Axpy(work.Workers, work, alpha, x.View, y.View);
        }
    }

    /// <inheritdoc />
    public void AddBias(DeviceTensor x, DeviceTensor bias)
    {
        OpsValidation.AddBias(device, x, bias);
        if (x.Length > 0)
        {
            var work = Split(x.Length);
            kernels.AddBias(work.Workers, work, x.View, bias.View, bias.Length);
        }
    }

    /// <inheritdoc />
    public void Activate(ActivationKind kind, DeviceTensor x, DeviceTensor y)
    {
        OpsValidation.SameShape(device, x, nameof(x), y, nameof(y));
        if (x.Length > 0)
        {
            var work = Split(x.Length);
            kernels.Activate(work.Workers, work, x.View, y.View, kind);
        }
    }

    /// <inheritdoc />
    public void ActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx)
    {
        OpsValidation.SameShape(device, y, nameof(y), dy, nameof(dy));
        OpsValidation.SameShape(device, y, nameof(y), dx, nameof(dx));
        if (y.Length > 0)
        {
            var work = Split(y.Length);
            kernels.ActivationBackward(work.Workers, work, y.View, dy.View, dx.View, kind);
        }
    }

    /// <inheritdoc />
    public void ColumnSums(DeviceTensor x, DeviceTensor sums, float beta = 0f)
    {
        OpsValidation.ColumnSums(device, x, sums);
        int columns = sums.Length;
        if (columns == 0)
        {
            return;
        }

        int rows = x.Length / columns;
        int chunks = Math.Min(ReductionKernels.ColumnChunks, rows);
        var partials = Scratch(chunks * columns);
        if (chunks > 0)
        {
            int rowsPerChunk = (rows + chunks - 1) / chunks;
            var work = Split(chunks * columns);
            kernels.ColumnSumPartials(work.Workers, work, x.View, partials, rows, columns, rowsPerChunk);
        }

        var final = Split(columns);
        kernels.ColumnSumFinal(final.Workers, final, partials, sums.View, chunks, columns, beta);
    }

    /// <inheritdoc />
    public void GlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm)
    {
        OpsValidation.TensorList(device, tensors, norm);
        const int chunks = ReductionKernels.SquareChunks;
        var partials = Scratch(tensors.Count * chunks);
        for (int t = 0; t < tensors.Count; t++)
        {
            int length = tensors[t].Length;
            int chunkLength = Math.Max(1, (length + chunks - 1) / chunks);
            var work = Split(chunks);
            kernels.SumOfSquaresPartials(
                work.Workers, work, tensors[t].View, partials.SubView(t * chunks, chunks), length, chunkLength);
        }

        var one = new Chunking(1, 1, 1);
        kernels.SumPartials(1, one, partials, norm.View, tensors.Count * chunks, 1);
    }

    /// <inheritdoc />
    public void ClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm)
    {
        OpsValidation.TensorList(device, tensors, norm);
        if (!(maxNorm > 0f) || float.IsInfinity(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"maxNorm must be finite and > 0, not {maxNorm}.");
        }

        foreach (var tensor in tensors)
        {
            if (tensor.Length > 0)
            {
                var work = Split(tensor.Length);
                kernels.ClipByNorm(work.Workers, work, tensor.View, norm.View, maxNorm);
            }
        }
    }

    /// <inheritdoc />
    public void Adam(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        AdamHyperparameters hyperparameters, int step)
    {
        OpsValidation.Adam(device, parameters, gradients, firstMoment, secondMoment, hyperparameters, step);
        if (parameters.Length == 0)
        {
            return;
        }

        var h = hyperparameters;
        var settings = new AdamSettings(
            h.LearningRate, h.Beta1, h.Beta2, h.Epsilon, h.WeightDecay, h.Decoupled,
            (float)(1.0 - Math.Pow(h.Beta1, step)), (float)(1.0 - Math.Pow(h.Beta2, step)));
        var work = Split(parameters.Length);
        kernels.Adam(
            work.Workers, work, parameters.View, gradients.View, firstMoment.View, secondMoment.View, settings);
    }

    /// <inheritdoc />
    public void Synchronize() => accelerator.Synchronize();

    // CPU: one contiguous block per worker, about one worker per core. CUDA: span 1, a grid-stride loop.
    private Chunking Split(int count)
    {
        int workers = Math.Max(1, Math.Min(count, maxWorkers));
        int span = isCpu ? (count + workers - 1) / workers : 1;
        return new Chunking(count, workers, Math.Max(1, span));
    }

    // Reduction partials: grown on demand, then reused (stream order makes sharing between queued ops safe).
    /// <summary>
    /// Slices of K for the tiled GEMM: enough groups for a large GPU (about <see cref="SplitGroups"/>) when C has
    /// few tiles, each slice at least <see cref="MinSliceK"/> long; 1 (no split) otherwise. A function of the shape
    /// alone, so a product's summation order, and so its result, is the same on every GPU.
    /// </summary>
    internal static int Slices(int tiles, int k) =>
        Math.Max(1, Math.Min(SplitGroups / Math.Max(1, tiles), k / MinSliceK));

    private ArrayView<float> Scratch(int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            scratch?.Dispose();
            scratch = device.Pool.Rent(Math.Max(length, 1024));
        }

        return scratch.View.SubView(0, Math.Max(length, 1));
    }
}
