using ILGPU;
using ILGPU.Algorithms;

namespace IceCube.Reco.Kernels;

/// <summary>
/// The LSTM recurrence for CUDA: one thread group per <see cref="EventsPerGroup"/> events of one direction and one
/// thread per gate column (4H threads), stepping in lockstep with two group barriers per step. The per-event kernels
/// of <see cref="LstmKernels"/> give each GPU thread a whole recurrence (hundreds of serial steps of 4H x H
/// multiply-adds), which leaves a GPU with a few hundred busy threads; here every multiply-add of a step runs in
/// parallel across the group, and the hidden and cell states of the group's events stay in shared memory.
/// Same layouts, semantics and per-element arithmetic as <see cref="LstmKernels.Forward"/> and
/// <see cref="LstmKernels.Backward"/> (each product summed from zero over k in ascending order, then added to the
/// input projection), so both variants agree to rounding.
/// </summary>
/// <remarks>
/// Launch: <see cref="Groups"/> groups of <see cref="Threads"/> threads, group = direction * groups per direction +
/// event group, with <see cref="SharedFloats"/> floats of dynamic shared memory. The backward pass reads the recurrent kernels transposed ([D, 4H, H], from
/// <see cref="TransposeRecurrent"/>) so that neighbouring threads read neighbouring weights.
/// </remarks>
internal static class LstmGroupKernels
{
    /// <summary>Events one thread group carries through their steps (the forward product is written for four).</summary>
    public const int EventsPerGroup = 4;

    /// <summary>Largest H the variant takes: 4H threads per group, and CUDA allows at most 1,024.</summary>
    public const int MaxHidden = 256;

    /// <summary>Thread groups of one launch: per direction, one per <see cref="EventsPerGroup"/> events.</summary>
    public static int Groups(int directions, int batch) =>
        directions * ((batch + EventsPerGroup - 1) / EventsPerGroup);

    /// <summary>Threads per group: one per gate column.</summary>
    public static int Threads(int hidden) => 4 * hidden;

    /// <summary>
    /// Shared floats of either kernel: two [E, H] state rows, then one [E, 4H] gate row (<see cref="Forward"/>: h, c
    /// and the activated gates; <see cref="Backward"/>: the carried dh, dc and dz).
    /// </summary>
    public static int SharedFloats(int hidden) => EventsPerGroup * 6 * hidden;

    /// <summary>
    /// Forward recurrence; on entry gates hold x W + bias, on exit what <see cref="LstmKernels.Forward"/> leaves:
    /// activated gates, cells, previous hidden states (0 at each direction's first step and at padded steps) and
    /// the output (0 at padded steps).
    /// </summary>
    public static void Forward(
        LstmShape s, ArrayView<float> lengths, ArrayView<float> gates, ArrayView<float> cells,
        ArrayView<float> previousHidden, ArrayView<float> output,
        ArrayView<float> forwardRecurrent, ArrayView<float> reverseRecurrent)
    {
        var shared = SharedMemory.GetDynamic<float>();
        int hidden = s.Hidden;
        int width = 4 * hidden;
        int perDirection = (s.Batch + EventsPerGroup - 1) / EventsPerGroup;
        int direction = Grid.IdxX / perDirection;
        int first = (Grid.IdxX % perDirection) * EventsPerGroup;
        int j = Group.IdxX;
        var u = direction == 0 ? forwardRecurrent : reverseRecurrent;
        int stateFloats = EventsPerGroup * hidden;
        var h = shared.SubView(0, stateFloats);
        var c = shared.SubView(stateFloats, stateFloats);
        var activated = shared.SubView(2 * stateFloats, EventsPerGroup * width);

        int longest = Longest(s, lengths, first);

        for (int i = j; i < stateFloats; i += width)
        {
            h[i] = 0f;
            c[i] = 0f;
        }

        Group.Barrier();
        for (int step = 0; step < longest; step++)
        {
            // Column j of h_prev U for the four events at once, so each weight is loaded once per step (rows of
            // events not taking part are summed too, from their shared row, and never used).
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            if (step > 0)
            {
                for (int k = 0; k < hidden; k++)
                {
                    float w = u[((long)k * width) + j];
                    s0 += h[k] * w;
                    s1 += h[hidden + k] * w;
                    s2 += h[(2 * hidden) + k] * w;
                    s3 += h[(3 * hidden) + k] * w;
                }
            }

            // Gate column j of every event taking part: z = (x W + b) + h_prev U, then its nonlinearity.
            for (int e = 0; e < EventsPerGroup; e++)
            {
                int n = LstmKernels.GroupLength(s, lengths, first + e);
                if (step < n)
                {
                    int t = LstmKernels.Time(step, n, direction);
                    long g = LstmKernels.GateRow(s, direction, first + e, t);
                    float z = gates[g + j];
                    if (step > 0)
                    {
                        z += e == 0 ? s0 : (e == 1 ? s1 : (e == 2 ? s2 : s3));
                    }

                    float a = j >= 2 * hidden && j < 3 * hidden
                        ? ElementwiseKernels.Tanh(z)
                        : ElementwiseKernels.Apply(ActivationKind.Sigmoid, z);
                    gates[g + j] = a;
                    activated[(e * width) + j] = a;
                    if (j < hidden)
                    {
                        previousHidden[LstmKernels.StateRow(s, direction, first + e, t) + j] = h[(e * hidden) + j];
                    }
                }
            }

            Group.Barrier();

            // State update of unit k of event e: c = f c_prev + i g, h = o tanh(c).
            for (int i = j; i < stateFloats; i += width)
            {
                int e = i / hidden;
                int k = i - (e * hidden);
                int n = LstmKernels.GroupLength(s, lengths, first + e);
                if (step < n)
                {
                    int t = LstmKernels.Time(step, n, direction);
                    int row = e * width;
                    float gi = activated[row + k];
                    float gf = activated[row + hidden + k];
                    float gg = activated[row + (2 * hidden) + k];
                    float go = activated[row + (3 * hidden) + k];
                    float cell = (gf * c[i]) + (gi * gg);
                    float hv = go * ElementwiseKernels.Tanh(cell);
                    c[i] = cell;
                    h[i] = hv;
                    cells[LstmKernels.StateRow(s, direction, first + e, t) + k] = cell;
                    output[LstmKernels.OutputRow(s, direction, first + e, t) + k] = hv;
                }
            }

            Group.Barrier();
        }

        // Padded steps: output and previous hidden state 0 (pooled buffers may hold NaN; 0 * NaN would poison dU).
        for (int e = 0; e < EventsPerGroup && first + e < s.Batch; e++)
        {
            int n = LstmKernels.GroupLength(s, lengths, first + e);
            long padded = (long)(s.Steps - n) * hidden;
            for (long i = j; i < padded; i += width)
            {
                int t = n + (int)(i / hidden);
                int k = (int)(i % hidden);
                previousHidden[LstmKernels.StateRow(s, direction, first + e, t) + k] = 0f;
                output[LstmKernels.OutputRow(s, direction, first + e, t) + k] = 0f;
            }
        }
    }

    /// <summary>
    /// Backpropagation through time (see <see cref="LstmKernels.Backward"/>): writes dz into
    /// <paramref name="gateGradient"/>, 0 at padded steps. <paramref name="transposed"/> holds each direction's U^T
    /// [4H, H] (from <see cref="TransposeRecurrent"/>).
    /// </summary>
    public static void Backward(
        LstmShape s, ArrayView<float> lengths, ArrayView<float> gates, ArrayView<float> cells,
        ArrayView<float> outputGradient, ArrayView<float> gateGradient, ArrayView<float> transposed)
    {
        var shared = SharedMemory.GetDynamic<float>();
        int hidden = s.Hidden;
        int width = 4 * hidden;
        int perDirection = (s.Batch + EventsPerGroup - 1) / EventsPerGroup;
        int direction = Grid.IdxX / perDirection;
        int first = (Grid.IdxX % perDirection) * EventsPerGroup;
        int j = Group.IdxX;
        long ut = (long)direction * width * hidden;
        int stateFloats = EventsPerGroup * hidden;
        var dh = shared.SubView(0, stateFloats);
        var dc = shared.SubView(stateFloats, stateFloats);
        var dz = shared.SubView(2 * stateFloats, EventsPerGroup * width);

        int longest = Longest(s, lengths, first);

        // Each event joins at its own last processed step with dh = dc = 0.
        for (int i = j; i < stateFloats; i += width)
        {
            dh[i] = 0f;
            dc[i] = 0f;
        }

        Group.Barrier();
        for (int step = longest - 1; step >= 0; step--)
        {
            // dz of unit k of event e from the stored gates and cells, dL/dh_t and the carried dh, dc.
            for (int i = j; i < stateFloats; i += width)
            {
                int e = i / hidden;
                int k = i - (e * hidden);
                int n = LstmKernels.GroupLength(s, lengths, first + e);
                if (step < n)
                {
                    int t = LstmKernels.Time(step, n, direction);
                    long g = LstmKernels.GateRow(s, direction, first + e, t);
                    long state = LstmKernels.StateRow(s, direction, first + e, t);
                    float gi = gates[g + k];
                    float gf = gates[g + hidden + k];
                    float gg = gates[g + (2 * hidden) + k];
                    float go = gates[g + (3 * hidden) + k];
                    float cPrevious = step == 0
                        ? 0f
                        : cells[LstmKernels.StateRow(s, direction, first + e, direction == 0 ? t - 1 : t + 1) + k];
                    float tanhC = ElementwiseKernels.Tanh(cells[state + k]);
                    float dht = outputGradient[LstmKernels.OutputRow(s, direction, first + e, t) + k] + dh[i];
                    float dct = dc[i] + (dht * go * (1f - (tanhC * tanhC)));
                    float dzi = dct * gg * gi * (1f - gi);
                    float dzf = dct * cPrevious * gf * (1f - gf);
                    float dzg = dct * gi * (1f - (gg * gg));
                    float dzo = dht * tanhC * go * (1f - go);
                    gateGradient[g + k] = dzi;
                    gateGradient[g + hidden + k] = dzf;
                    gateGradient[g + (2 * hidden) + k] = dzg;
                    gateGradient[g + (3 * hidden) + k] = dzo;
                    int row = e * width;
                    dz[row + k] = dzi;
                    dz[row + hidden + k] = dzf;
                    dz[row + (2 * hidden) + k] = dzg;
                    dz[row + (3 * hidden) + k] = dzo;
                    dc[i] = dct * gf;
                }
            }

            Group.Barrier();

            // dh_prev = dz U^T; at the first processed step h_prev is the constant 0 and the gradient stops.
            if (step > 0)
            {
                for (int i = j; i < stateFloats; i += width)
                {
                    int e = i / hidden;
                    int k = i - (e * hidden);
                    if (step < LstmKernels.GroupLength(s, lengths, first + e))
                    {
                        float sum = 0f;
                        for (int q = 0; q < width; q++)
                        {
                            sum += dz[(e * width) + q] * transposed[ut + ((long)q * hidden) + k];
                        }

                        dh[i] = sum;
                    }
                }
            }

            Group.Barrier();
        }

        // Padded steps contribute nothing to dW, dU, dbias or dX.
        for (int e = 0; e < EventsPerGroup && first + e < s.Batch; e++)
        {
            int n = LstmKernels.GroupLength(s, lengths, first + e);
            long start = LstmKernels.GateRow(s, direction, first + e, n);
            long count = LstmKernels.GateRow(s, direction, first + e, s.Steps) - start;
            for (long i = j; i < count; i += width)
            {
                gateGradient[start + i] = 0f;
            }
        }
    }

    // The most steps any event of the group starting at `first` takes (0 past the batch).
    private static int Longest(LstmShape s, ArrayView<float> lengths, int first)
    {
        int longest = 0;
        for (int e = 0; e < EventsPerGroup; e++)
        {
            longest = XMath.Max(longest, LstmKernels.GroupLength(s, lengths, first + e));
        }

        return longest;
    }

    /// <summary>
    /// transposed[d, q, k] = U_d[k, q] for d &lt; directions (U [H, 4H], U^T [4H, H]); one thread per element,
    /// index = (d * 4H + q) * H + k.
    /// </summary>
    public static void TransposeRecurrent(
        Index1D index, ArrayView<float> forwardRecurrent, ArrayView<float> reverseRecurrent,
        ArrayView<float> transposed, int hidden)
    {
        int width = 4 * hidden;
        long perDirection = (long)width * hidden;
        int direction = (int)((int)index / perDirection);
        long rest = (int)index - (direction * perDirection);
        int q = (int)(rest / hidden);
        int k = (int)(rest - ((long)q * hidden));
        var u = direction == 0 ? forwardRecurrent : reverseRecurrent;
        transposed[index] = u[((long)k * width) + q];
    }
}
