using IceCube.Reco.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// The GEMM launcher: <see cref="GemmKernels"/>' chunked kernel on the CPU accelerator, the shared-memory tiled one
/// on CUDA, split over slices of K (summed by a second launch) when C has too few tiles to fill a GPU.
/// </summary>
internal sealed class IlgpuGemmOps : GemmOps
{
    // Split-K sizing (see Slices): ~1,024 groups fill an H100/H200 (132 multiprocessors) several times over.
    private const int SplitGroups = 1024;
    private const int MinSliceK = 256;

    private readonly IlgpuLauncher launcher;
    private Action<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? chunked;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>? tiled;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>? tiledSlice;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>? splitSum;

    /// <summary>The GEMM of <paramref name="launcher"/>'s device.</summary>
    public IlgpuGemmOps(IlgpuLauncher launcher)
        : base(launcher.Device)
    {
        this.launcher = launcher;
        Variant = launcher.IsCpu ? GemmVariant.Chunked : GemmVariant.Tiled;
    }

    /// <summary>
    /// The kernel in use: by default Chunked on the CPU accelerator, Tiled on CUDA. Tests set Tiled on a CPU device
    /// with large enough groups to check the CUDA kernel's logic without a GPU.
    /// </summary>
    public GemmVariant Variant { get; set; }

    /// <summary>
    /// Slices of K for the tiled GEMM: enough groups for a large GPU (about <see cref="SplitGroups"/>) when C has
    /// few tiles, each slice at least <see cref="MinSliceK"/> long; 1 (no split) otherwise. A function of the shape
    /// alone, so a product's summation order, and so its result, is the same on every GPU.
    /// </summary>
    internal static int Slices(int tiles, int k) =>
        Math.Max(1, Math.Min(SplitGroups / Math.Max(1, tiles), k / MinSliceK));

    /// <inheritdoc />
    protected override void Run(in GemmShape shape, DeviceTensor a, DeviceTensor b, DeviceTensor c, DeviceTensor? bias)
    {
        var accelerator = launcher.Accelerator;

        // The bias view is never read without HasBias; C stands in so the kernel gets a valid view.
        var biasView = bias?.View ?? c.View;
        if (Variant == GemmVariant.Chunked)
        {
            var work = launcher.Split(GemmKernels.ChunkedItems(shape.M, shape.N));
            chunked ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, Chunking, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Chunked);
            chunked(work.Workers, work, a.View, b.View, c.View, biasView, shape);
            return;
        }

        int tilesM = (shape.M + GemmKernels.TileSize - 1) / GemmKernels.TileSize;
        int tilesN = (shape.N + GemmKernels.TileSize - 1) / GemmKernels.TileSize;
        int slices = Slices(tilesM * tilesN, shape.K);
        if (slices > 1)
        {
            int kPerSlice = (shape.K + slices - 1) / slices;
            slices = (shape.K + kPerSlice - 1) / kPerSlice;
            var partials = launcher.Scratch(slices * shape.M * shape.N);
            var sliced = new KernelConfig(
                new Index3D(tilesM, tilesN, slices), new Index3D(GemmKernels.TileSize, GemmKernels.TileSize, 1));
            tiledSlice ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>(GemmKernels.TiledSlice);
            splitSum ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, int>(GemmKernels.SplitSum);
            tiledSlice(sliced, a.View, b.View, partials, shape, kPerSlice);
            splitSum(shape.M * shape.N, partials, c.View, biasView, shape, slices);
            return;
        }

        var config = new KernelConfig(
            new Index2D(tilesM, tilesN), new Index2D(GemmKernels.TileSize, GemmKernels.TileSize));
        tiled ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Tiled);
        tiled(config, a.View, b.View, c.View, biasView, shape);
    }
}
