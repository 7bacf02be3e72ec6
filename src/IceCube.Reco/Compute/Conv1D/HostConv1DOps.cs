using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>The masked Conv1D on the host (<see cref="HostConv1D"/>), split over threads by rows (b, t).</summary>
internal sealed unsafe class HostConv1DOps(Device device) : Conv1DOps(device)
{
    // Rows (b, t) per chunk: a few tens of microseconds of work at the presets' widths, and the unit of the weight
    // gradient's partial sums, so it must not depend on the thread count.
    private const int RowsPerChunk = 256;

    private float[]? partialsScratch;
    private float[]? transposedScratch;

    /// <inheritdoc />
    protected override void RunForward(
        in Conv1DShape shape, DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias,
        DeviceTensor columns, DeviceTensor y, ActivationKind activation)
    {
        long rows = (long)x.Dim(0) * shape.Steps;
        var body = new ForwardBody(
            Ptr(x), Ptr(lengths), Ptr(weights), Ptr(bias), Ptr(columns), Ptr(y), shape, activation,
            SimdCapability.Active, rows);
        HostParallel.For(HostParallel.ChunkCount(rows, RowsPerChunk), body);
    }

    /// <inheritdoc />
    protected override void RunBackward(
        in Conv1DShape shape, DeviceTensor lengths, DeviceTensor weights, DeviceTensor columns, DeviceTensor y,
        DeviceTensor dy, ActivationKind activation, DeviceTensor dz, DeviceTensor dColumns, DeviceTensor dWeights,
        DeviceTensor dBias, DeviceTensor? dx)
    {
        long rows = (long)y.Dim(0) * shape.Steps;
        int window = shape.KernelSize * shape.InChannels;
        int weightCount = window * shape.OutChannels;
        var dWeightsSpan = new Span<float>(Ptr(dWeights), weightCount);
        var dBiasSpan = new Span<float>(Ptr(dBias), shape.OutChannels);
        if (rows == 0)
        {
            // No steps: the parameter gradients are empty sums.
            dWeightsSpan.Clear();
            dBiasSpan.Clear();
            return;
        }

        // Each chunk writes dz for its rows and its own partial sums of dw and dbias, added below in chunk order.
        var width = SimdCapability.Active;
        int chunks = HostParallel.ChunkCount(rows, RowsPerChunk);
        int partialLength = weightCount + shape.OutChannels;
        float* partials = Scratch(ref partialsScratch, checked(chunks * partialLength));
        var gradient = new GradientBody(
            Ptr(lengths), Ptr(columns), Ptr(y), Ptr(dy), Ptr(dz), partials, shape, activation, width, rows);
        HostParallel.For(chunks, gradient);
        new ReadOnlySpan<float>(partials, weightCount).CopyTo(dWeightsSpan);
        new ReadOnlySpan<float>(partials + weightCount, shape.OutChannels).CopyTo(dBiasSpan);
        for (int c = 1; c < chunks; c++)
        {
            float* partial = partials + ((long)c * partialLength);
            HostVector.Add(Ptr(dWeights), partial, weightCount, width);
            HostVector.Add(Ptr(dBias), partial + weightCount, shape.OutChannels, width);
        }

        if (dx is not null)
        {
            float* transposed = Scratch(ref transposedScratch, weightCount);
            HostConv1D.Transpose(Ptr(weights), transposed, window, shape.OutChannels);

            // Two passes: a step's input gradient gathers the column gradients of its neighbours' rows.
            var columnsBody = new ColumnGradientBody(Ptr(dz), transposed, Ptr(dColumns), shape, width, rows);
            HostParallel.For(chunks, columnsBody);
            var inputBody = new InputGradientBody(Ptr(dColumns), Ptr(lengths), Ptr(dx), shape, rows);
            HostParallel.For(chunks, inputBody);
        }
    }

    private static (long First, long End) Rows(int chunk, long rows)
    {
        long first = (long)chunk * RowsPerChunk;
        return (first, Math.Min(first + RowsPerChunk, rows));
    }

    private readonly struct ForwardBody(
        float* x, float* lengths, float* weights, float* bias, float* columns, float* y,
        Conv1DShape shape, ActivationKind activation, SimdWidth width, long rows) : IParallelBody
    {
        public void Run(int chunk)
        {
            var (first, end) = Rows(chunk, rows);
            HostConv1D.ForwardRows(x, lengths, weights, bias, columns, y, shape, activation, width, first, end);
        }
    }

    private readonly struct GradientBody(
        float* lengths, float* columns, float* y, float* dy, float* dz, float* partials,
        Conv1DShape shape, ActivationKind activation, SimdWidth width, long rows) : IParallelBody
    {
        public void Run(int chunk)
        {
            var (first, end) = Rows(chunk, rows);
            int weightCount = shape.KernelSize * shape.InChannels * shape.OutChannels;
            float* partial = partials + ((long)chunk * (weightCount + shape.OutChannels));
            HostConv1D.OutputGradientRows(y, dy, lengths, dz, shape, activation, width, first, end);
            HostConv1D.WeightGradientChunk(
                columns, dz, lengths, partial, partial + weightCount, shape, width, first, end);
        }
    }

    private readonly struct ColumnGradientBody(
        float* dz, float* transposedWeights, float* dColumns, Conv1DShape shape, SimdWidth width, long rows)
        : IParallelBody
    {
        public void Run(int chunk)
        {
            var (first, end) = Rows(chunk, rows);
            HostConv1D.ColumnGradientRows(dz, transposedWeights, dColumns, shape, width, first, end);
        }
    }

    private readonly struct InputGradientBody(
        float* dColumns, float* lengths, float* dx, Conv1DShape shape, long rows) : IParallelBody
    {
        public void Run(int chunk)
        {
            var (first, end) = Rows(chunk, rows);
            HostConv1D.Col2ImRows(dColumns, lengths, dx, shape, first, end);
        }
    }
}
