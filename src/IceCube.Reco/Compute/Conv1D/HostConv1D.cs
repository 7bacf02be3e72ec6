using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The masked 1D convolution on the host, with the layouts and masking of <see cref="Conv1DKernels"/>: x [B, L, Cin],
/// weights [K Cin, Cout], bias [Cout], y [B, L, Cout], columns [B L, K Cin]. Every function takes a range of rows
/// (b, t) of the flattened B L steps, so a caller can split the rows over threads.
/// <para>
/// The forward pass is direct rather than im2col followed by a separate GEMM: each row gathers its window into
/// columns (which the backward pass reads) and multiplies it at once, while the window is still in L1, with the
/// output channels in vector registers. The window is at most a few dozen floats, too short for a packed GEMM to pay.
/// Every output element is accumulated with fused multiply-adds in the same order (bias, then window index
/// ascending) whatever the vector width, so all widths give bit-identical results.
/// </para>
/// </summary>
internal static unsafe class HostConv1D
{
    // Rows whose window products run together.
    private const int RowGroup = 4;

    /// <summary>
    /// Rows first .. end - 1: columns = the im2col window (0 for taps outside the event and at padded steps) and
    /// y = f(columns weights + bias) at real steps, 0 at padded steps.
    /// </summary>
    public static void ForwardRows(
        float* x, float* lengths, float* weights, float* bias, float* columns, float* y,
        Conv1DShape s, ActivationKind activation, SimdWidth width, long first, long end)
    {
        int half = s.KernelSize / 2;
        int window = s.KernelSize * s.InChannels;

        // (b, t) of each row advanced by counting, not by a 64-bit division per row.
        long firstEvent = first / s.Steps;
        int t = (int)(first - (firstEvent * s.Steps)) - 1;
        long b = firstEvent;
        int length = HostSequenceLengths.Read(lengths[b], s.Steps);
        for (long row = first; row < end; row++)
        {
            if (++t == s.Steps)
            {
                t = 0;
                length = HostSequenceLengths.Read(lengths[++b], s.Steps);
            }

            float* windowRow = columns + (row * window);
            if (t < length && t >= half && t + s.KernelSize - 1 - half < length)
            {
                // Every tap inside the event: the window is K Cin consecutive floats of x.
                new ReadOnlySpan<float>(x + ((row - half) * s.InChannels), window).CopyTo(new Span<float>(windowRow, window));
                continue;
            }

            for (int k = 0; k < s.KernelSize; k++)
            {
                int source = t + k - half;
                var tap = new Span<float>(windowRow + ((long)k * s.InChannels), s.InChannels);
                if (t < length && source >= 0 && source < length)
                {
                    new ReadOnlySpan<float>(x + ((row + k - half) * s.InChannels), s.InChannels).CopyTo(tap);
                }
                else
                {
                    tap.Clear();
                }
            }
        }

        // Four rows at a time: four independent multiply-add chains hide the latency one row's chain would expose.
        long row4 = first;
        for (; row4 + RowGroup <= end; row4 += RowGroup)
        {
            WindowProducts(
                RowGroup, columns + (row4 * window), window, weights, bias, y + (row4 * s.OutChannels), s.OutChannels,
                activation, width);
        }

        for (; row4 < end; row4++)
        {
            WindowProducts(
                1, columns + (row4 * window), window, weights, bias, y + (row4 * s.OutChannels), s.OutChannels,
                activation, width);
        }

        // Padded steps: each event's rows from its length to the end of the event (or of the range) are zeros.
        for (long e = firstEvent; e * s.Steps < end; e++)
        {
            long padFirst = Math.Max(first, (e * s.Steps) + HostSequenceLengths.Read(lengths[e], s.Steps));
            long padEnd = Math.Min(end, (e + 1) * s.Steps);
            if (padEnd > padFirst)
            {
                new Span<float>(y + (padFirst * s.OutChannels), (int)((padEnd - padFirst) * s.OutChannels)).Clear();
            }
        }
    }

    /// <summary>
    /// Rows first .. end - 1: dz = dy f'(z) at real steps (f' from the stored output y), 0 at padded steps.
    /// </summary>
    public static void OutputGradientRows(
        float* y, float* dy, float* lengths, float* dz,
        Conv1DShape s, ActivationKind activation, SimdWidth width, long first, long end)
    {
        int channels = s.OutChannels;
        for (long row = first; row < end; row++)
        {
            long offset = row * channels;
            if (row % s.Steps >= HostSequenceLengths.Read(lengths[row / s.Steps], s.Steps))
            {
                new Span<float>(dz + offset, channels).Clear();
                continue;
            }

            HostActivation.Backward(y + offset, dy + offset, dz + offset, channels, activation, width);
        }
    }

    /// <summary>
    /// Rows first .. end - 1: partialWeights [K Cin, Cout] = sum_rows columns^T dz and partialBias [Cout] = sum_rows
    /// dz, each summed in row order from 0 (one chunk's share of the weight and bias gradients). Padded rows hold
    /// zeros in both factors and are skipped.
    /// </summary>
    public static void WeightGradientChunk(
        float* columns, float* dz, float* lengths, float* partialWeights, float* partialBias,
        Conv1DShape s, SimdWidth width, long first, long end)
    {
        int window = s.KernelSize * s.InChannels;
        int channels = s.OutChannels;
        new Span<float>(partialWeights, window * channels).Clear();
        new Span<float>(partialBias, channels).Clear();
        for (long row = first; row < end; row++)
        {
            if (row % s.Steps >= HostSequenceLengths.Read(lengths[row / s.Steps], s.Steps))
            {
                continue;
            }

            float* dzRow = dz + (row * channels);
            HostVector.Add(partialBias, dzRow, channels, width);
            var body = new WeightGradientBody(columns + (row * window), window, dzRow, partialWeights, channels);
            SimdDispatch.Ladder(width, ref body);
        }
    }

    /// <summary>
    /// Rows first .. end - 1: dColumns [row, K Cin] = dz [row, Cout] weights^T, from the transposed weights
    /// [Cout, K Cin] so that the window index is the vector lane and every width sums in the same order.
    /// </summary>
    public static void ColumnGradientRows(
        float* dz, float* transposedWeights, float* dColumns, Conv1DShape s, SimdWidth width, long first, long end)
    {
        int window = s.KernelSize * s.InChannels;
        int channels = s.OutChannels;
        for (long row = first; row < end; row++)
        {
            var body = new ColumnGradientBody(
                dz + (row * channels), transposedWeights, dColumns + (row * window), window, channels);
            SimdDispatch.Ladder(width, ref body);
        }
    }

    /// <summary>
    /// Rows first .. end - 1: dx[b, t, c] = sum_k dColumns[b, t - k + K/2, k Cin + c] over the output steps that
    /// read step t through tap k (inside 0 .. len - 1), added in k order; 0 at padded steps.
    /// </summary>
    public static void Col2ImRows(float* dColumns, float* lengths, float* dx, Conv1DShape s, long first, long end)
    {
        int half = s.KernelSize / 2;
        long window = (long)s.KernelSize * s.InChannels;
        for (long row = first; row < end; row++)
        {
            int t = (int)(row % s.Steps);
            int length = HostSequenceLengths.Read(lengths[row / s.Steps], s.Steps);
            int kFirst = Math.Max(t + half - (length - 1), 0);
            int kLast = t >= length ? -1 : Math.Min(t + half, s.KernelSize - 1);
            for (int c = 0; c < s.InChannels; c++)
            {
                float sum = 0f;
                for (int k = kFirst; k <= kLast; k++)
                {
                    sum += dColumns[((row - k + half) * window) + ((long)k * s.InChannels) + c];
                }

                dx[(row * s.InChannels) + c] = sum;
            }
        }
    }

    /// <summary>transposed [Cout, K Cin] = weights [K Cin, Cout]^T.</summary>
    public static void Transpose(float* weights, float* transposed, int window, int channels)
    {
        for (int j = 0; j < window; j++)
        {
            for (int o = 0; o < channels; o++)
            {
                transposed[((long)o * window) + j] = weights[((long)j * channels) + o];
            }
        }
    }

    // yRows = f(bias + windows weights) for `rows` consecutive rows (windows and outputs contiguous): the output
    // channels live in registers across the whole window. Activated afterwards, in place: an activation call inside
    // the loops would keep the sums on the stack.
    private static void WindowProducts(
        int rows, float* windows, int window, float* weights, float* bias, float* y, int channels,
        ActivationKind activation, SimdWidth width)
    {
        var body = new WindowBody(rows, windows, window, weights, bias, y, channels);
        SimdDispatch.Ladder(width, ref body);
        HostActivation.Forward(y, rows * channels, activation, width);
    }

    // Output channels o, o + Count, ... of RowGroup rows: bias + window x weights, four independent multiply-add
    // chains (one per row) sharing each loaded weight vector, each summed in the same order as one row alone, so
    // grouping changes no bit. Returns the first channel not done.
    private static int WindowSums<TVec>(
        int o, float* windows, int window, float* weights, float* bias, float* y, int channels)
        where TVec : struct, IFloatVector<TVec>
    {
        float* w0 = windows, w1 = windows + window, w2 = windows + (2 * window), w3 = windows + (3 * window);
        float* y0 = y, y1 = y + channels, y2 = y + (2 * channels), y3 = y + (3 * channels);
        for (; o + TVec.Count <= channels; o += TVec.Count)
        {
            var s0 = TVec.Load(bias + o);
            TVec s1 = s0, s2 = s0, s3 = s0;
            for (int j = 0; j < window; j++)
            {
                var wj = TVec.Load(weights + ((long)j * channels) + o);
                TVec.AddProduct(ref s0, TVec.Create(w0[j]), wj);
                TVec.AddProduct(ref s1, TVec.Create(w1[j]), wj);
                TVec.AddProduct(ref s2, TVec.Create(w2[j]), wj);
                TVec.AddProduct(ref s3, TVec.Create(w3[j]), wj);
            }

            TVec.Store(s0, y0 + o);
            TVec.Store(s1, y1 + o);
            TVec.Store(s2, y2 + o);
            TVec.Store(s3, y3 + o);
        }

        return o;
    }

    // Output channels o, o + Count, ... of one row: bias + windowRow x weights. Returns the first channel not done.
    private static int WindowSum<TVec>(
        int o, float* windowRow, int window, float* weights, float* bias, float* yRow, int channels)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; o + TVec.Count <= channels; o += TVec.Count)
        {
            var sum = TVec.Load(bias + o);
            for (int j = 0; j < window; j++)
            {
                TVec.AddProduct(ref sum, TVec.Create(windowRow[j]), TVec.Load(weights + ((long)j * channels) + o));
            }

            TVec.Store(sum, yRow + o);
        }

        return o;
    }

    // The window products of RowGroup rows or of one row, by channel vectors.
    private readonly struct WindowBody(
        int rows, float* windows, int window, float* weights, float* bias, float* y, int channels) : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => rows == RowGroup
            ? WindowSums<TVec>(start, windows, window, weights, bias, y, channels)
            : WindowSum<TVec>(start, windows, window, weights, bias, y, channels);
    }

    // One row's share of the weight gradient: partialWeights[j, o] += windowRow[j] dzRow[o], channels o by vectors
    // from o, each element one multiply-add per row in row order. Returns the first channel not done.
    private static int WeightGradientRow<TVec>(
        int o, float* windowRow, int window, float* dzRow, float* partialWeights, int channels)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; o + TVec.Count <= channels; o += TVec.Count)
        {
            var dzv = TVec.Load(dzRow + o);
            float* target = partialWeights + o;
            for (int j = 0; j < window; j++, target += channels)
            {
                TVec.Store(TVec.MultiplyAdd(TVec.Create(windowRow[j]), dzv, TVec.Load(target)), target);
            }
        }

        return o;
    }

    // One row of dColumns = dz weights^T, window positions j by vectors from j: each element a chain of
    // multiply-adds from 0 over the output channels in order. Returns the first position not done.
    private static int ColumnGradientRow<TVec>(
        int j, float* dzRow, float* transposedWeights, float* target, int window, int channels)
        where TVec : struct, IFloatVector<TVec>
    {
        for (; j + TVec.Count <= window; j += TVec.Count)
        {
            var sum = TVec.Zero;
            float* column = transposedWeights + j;
            for (int o = 0; o < channels; o++, column += window)
            {
                TVec.AddProduct(ref sum, TVec.Create(dzRow[o]), TVec.Load(column));
            }

            TVec.Store(sum, target + j);
        }

        return j;
    }

    private readonly struct WeightGradientBody(
        float* windowRow, int window, float* dzRow, float* partialWeights, int channels) : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> =>
            WeightGradientRow<TVec>(start, windowRow, window, dzRow, partialWeights, channels);
    }

    private readonly struct ColumnGradientBody(
        float* dzRow, float* transposedWeights, float* target, int window, int channels) : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> =>
            ColumnGradientRow<TVec>(start, dzRow, transposedWeights, target, window, channels);
    }
}
