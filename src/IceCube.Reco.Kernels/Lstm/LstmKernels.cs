using ILGPU;
using ILGPU.Algorithms;

namespace IceCube.Reco.Kernels;

/// <summary>
/// The LSTM recurrence, fused per event: one work item carries a group of four events of one direction through
/// every time step, so a whole layer (both directions) is one launch with no grid-wide synchronisation. Events are
/// independent, so on the CPU accelerator a few fat threads take a chunk of groups each. On CUDA this leaves a GPU
/// with a few hundred busy threads, so the launcher runs <see cref="LstmGroupKernels"/> there instead (same results
/// to rounding). The input projection x W + bias is not here: the launcher computes it for all steps as one GEMM
/// into the gate buffer before <see cref="Forward"/>, which adds h_prev U in place.
/// </summary>
/// <remarks>
/// Layouts (row-major): gates and their gradients [D, C, L, 4H] with gate-major blocks i, f, g, o of H units along
/// the last axis; cells c and previous hidden states [D, C, L, H]; the output y and its gradient [B', L, D * H] with
/// direction d in channels d * H .. d * H + H - 1; recurrent kernels u [H, 4H]; lengths [C] as exact float integers.
/// Direction 0 visits t = 0 .. len - 1, direction 1 visits t = len - 1 .. 0; nothing at t &gt;= len is read. The four
/// events of a group advance in lockstep by processing step; an event whose length is reached (or a slot past the
/// batch) drops out: its rows in the shared 4 x 4 products are read from a safe row and never stored.
/// </remarks>
internal static class LstmKernels
{
    /// <summary>
    /// Events one work item carries together through their steps: the recurrent products of four events form a
    /// 4 x 4 register block (as in the chunked GEMM), so each loaded weight serves four events.
    /// </summary>
    public const int EventsPerItem = 4;

    /// <summary>Work items of one launch: per direction, one per group of <see cref="EventsPerItem"/> events.</summary>
    public static int Items(int directions, int batch) => directions * ((batch + EventsPerItem - 1) / EventsPerItem);

    /// <summary>
    /// Forward recurrence. On entry gates hold x_t W + bias for every real step; on exit they hold the activated gates
    /// (i, f, o after the sigmoid, g after tanh), cells hold c_t, previousHidden holds h_prev (0 at each direction's
    /// first step) for the dU = H_prev^T dZ GEMM of the backward pass, and the output holds h_t. At padded steps the
    /// output and previousHidden are written 0 (pooled buffers may hold NaN, and 0 * NaN would poison that GEMM).
    /// Work items: <see cref="Items"/>, item = direction * groups + group.
    /// </summary>
    public static void Forward(
        Index1D worker, Chunking work, LstmShape s, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> previousHidden, ArrayView<float> output,
        ArrayView<float> forwardRecurrent, ArrayView<float> reverseRecurrent)
    {
        int groups = (s.Batch + EventsPerItem - 1) / EventsPerItem;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long item = work.Start(block); item < end; item++)
            {
                int direction = (int)(item / groups);
                int first = (int)(item % groups) * EventsPerItem;

                // Branch once per group, not per multiply, on which direction's recurrent kernel to use.
                if (direction == 0)
                {
                    ForwardGroup(s, first, 0, lengths, gates, cells, previousHidden, output, forwardRecurrent);
                }
                else
                {
                    ForwardGroup(s, first, 1, lengths, gates, cells, previousHidden, output, reverseRecurrent);
                }
            }
        }
    }

    /// <summary>
    /// Backpropagation through time from the stored activations. Walks each event's processing order backwards,
    /// carrying dh and dc from the step processed after (carry [D, C, 2H]: dh in the first H, dc in the second), and
    /// writes dZ (the gradient of the pre-activation gates) for every step, 0 at padded steps. The launcher then
    /// turns dZ into dW = X^T dZ, dU = H_prev^T dZ, dbias = column sums of dZ and dX = dZ W^T with GEMMs.
    /// Work items: <see cref="Items"/>.
    /// </summary>
    public static void Backward(
        Index1D worker, Chunking work, LstmShape s, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> outputGradient,
        ArrayView<float> gateGradient, ArrayView<float> carry,
        ArrayView<float> forwardRecurrent, ArrayView<float> reverseRecurrent)
    {
        int groups = (s.Batch + EventsPerItem - 1) / EventsPerItem;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long item = work.Start(block); item < end; item++)
            {
                int direction = (int)(item / groups);
                int first = (int)(item % groups) * EventsPerItem;
                if (direction == 0)
                {
                    BackwardGroup(s, first, 0, lengths, gates, cells, outputGradient, gateGradient, carry, forwardRecurrent);
                }
                else
                {
                    BackwardGroup(s, first, 1, lengths, gates, cells, outputGradient, gateGradient, carry, reverseRecurrent);
                }
            }
        }
    }

    /// <summary>
    /// An event's length as a step count: the float is an exact integer, clamped to 0 .. L so a bad length can never
    /// index outside the event's rows (NaN converts to a negative integer and so to 0).
    /// </summary>
    public static int EventLength(float length, int steps)
    {
        int n = (int)length;
        return n < 0 ? 0 : (n > steps ? steps : n);
    }

    // Events past the batch (the last group may be short) have length 0 and so never take part.
    internal static int GroupLength(LstmShape s, ArrayView<float> lengths, int b) =>
        b < s.Batch ? EventLength(lengths[b], s.Steps) : 0;

    // The time index of processing step `step` of an event of `length` steps.
    internal static int Time(int step, int length, int direction) => direction == 0 ? step : length - 1 - step;

    internal static long GateRow(LstmShape s, int direction, int b, int t) =>
        (direction * s.GateDirectionStride) + ((((long)b * s.Steps) + t) * 4 * s.Hidden);

    internal static long StateRow(LstmShape s, int direction, int b, int t) =>
        (direction * s.StateDirectionStride) + ((((long)b * s.Steps) + t) * s.Hidden);

    internal static long OutputRow(LstmShape s, int direction, int b, int t) =>
        ((((long)b * s.Steps) + t) * s.Directions * s.Hidden) + ((long)direction * s.Hidden);

    private static void ForwardGroup(
        LstmShape s, int first, int direction, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> previousHidden, ArrayView<float> output,
        ArrayView<float> u)
    {
        int hidden = s.Hidden;
        int width = 4 * hidden;
        int n0 = GroupLength(s, lengths, first);
        int n1 = GroupLength(s, lengths, first + 1);
        int n2 = GroupLength(s, lengths, first + 2);
        int n3 = GroupLength(s, lengths, first + 3);
        int longest = XMath.Max(XMath.Max(n0, n1), XMath.Max(n2, n3));

        // Rows of events not taking part in a step point here: always inside the buffers, never stored to.
        long safeState = StateRow(s, direction, first, 0);
        for (int step = 0; step < longest; step++)
        {
            // h_prev of each taking part into previousHidden (0 at the first step), then z += h_prev U for all.
            for (int e = 0; e < EventsPerItem; e++)
            {
                int n = e == 0 ? n0 : (e == 1 ? n1 : (e == 2 ? n2 : n3));
                if (step < n)
                {
                    int t = Time(step, n, direction);
                    long state = StateRow(s, direction, first + e, t);
                    long previousOut = OutputRow(s, direction, first + e, direction == 0 ? t - 1 : t + 1);
                    for (int k = 0; k < hidden; k++)
                    {
                        previousHidden[state + k] = step == 0 ? 0f : output[previousOut + k];
                    }
                }
            }

            if (step > 0)
            {
                int mask = (step < n0 ? 1 : 0) | (step < n1 ? 2 : 0) | (step < n2 ? 4 : 0) | (step < n3 ? 8 : 0);
                long a0 = step < n0 ? StateRow(s, direction, first, Time(step, n0, direction)) : safeState;
                long a1 = step < n1 ? StateRow(s, direction, first + 1, Time(step, n1, direction)) : safeState;
                long a2 = step < n2 ? StateRow(s, direction, first + 2, Time(step, n2, direction)) : safeState;
                long a3 = step < n3 ? StateRow(s, direction, first + 3, Time(step, n3, direction)) : safeState;
                long c0 = step < n0 ? GateRow(s, direction, first, Time(step, n0, direction)) : 0;
                long c1 = step < n1 ? GateRow(s, direction, first + 1, Time(step, n1, direction)) : 0;
                long c2 = step < n2 ? GateRow(s, direction, first + 2, Time(step, n2, direction)) : 0;
                long c3 = step < n3 ? GateRow(s, direction, first + 3, Time(step, n3, direction)) : 0;
                for (int j0 = 0; j0 < width; j0 += 4)
                {
                    // (h_prev of 4 events) [4, H] times U [H, 4H], columns j0 .. j0 + 3, added into the gates.
                    ProductBlock(
                        previousHidden, a0, a1, a2, a3, hidden, u, width, 1, j0, width,
                        gates, c0, c1, c2, c3, mask, accumulate: true);
                }
            }

            for (int e = 0; e < EventsPerItem; e++)
            {
                int n = e == 0 ? n0 : (e == 1 ? n1 : (e == 2 ? n2 : n3));
                if (step < n)
                {
                    int t = Time(step, n, direction);
                    ActivateStep(
                        gates, cells, output, GateRow(s, direction, first + e, t), StateRow(s, direction, first + e, t),
                        step == 0 ? -1 : StateRow(s, direction, first + e, direction == 0 ? t - 1 : t + 1),
                        OutputRow(s, direction, first + e, t), hidden);
                }
            }
        }

        for (int e = 0; e < EventsPerItem && first + e < s.Batch; e++)
        {
            int n = e == 0 ? n0 : (e == 1 ? n1 : (e == 2 ? n2 : n3));
            for (int t = n; t < s.Steps; t++)
            {
                long state = StateRow(s, direction, first + e, t);
                long o = OutputRow(s, direction, first + e, t);
                for (int k = 0; k < hidden; k++)
                {
                    previousHidden[state + k] = 0f;
                    output[o + k] = 0f;
                }
            }
        }
    }

    // The gate nonlinearities and the state update of one event at one step (previousState -1: c_prev = 0).
    private static void ActivateStep(
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> output,
        long g, long state, long previousState, long o, int hidden)
    {
        for (int k = 0; k < hidden; k++)
        {
            float gi = ElementwiseKernels.Apply(ActivationKind.Sigmoid, gates[g + k]);
            float gf = ElementwiseKernels.Apply(ActivationKind.Sigmoid, gates[g + hidden + k]);
            float gg = ElementwiseKernels.Tanh(gates[g + (2 * hidden) + k]);
            float go = ElementwiseKernels.Apply(ActivationKind.Sigmoid, gates[g + (3 * hidden) + k]);
            float cPrevious = previousState < 0 ? 0f : cells[previousState + k];
            float c = (gf * cPrevious) + (gi * gg);
            gates[g + k] = gi;
            gates[g + hidden + k] = gf;
            gates[g + (2 * hidden) + k] = gg;
            gates[g + (3 * hidden) + k] = go;
            cells[state + k] = c;
            output[o + k] = go * ElementwiseKernels.Tanh(c);
        }
    }

    private static void BackwardGroup(
        LstmShape s, int first, int direction, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> outputGradient,
        ArrayView<float> gateGradient, ArrayView<float> carry, ArrayView<float> u)
    {
        int hidden = s.Hidden;
        int width = 4 * hidden;
        int n0 = GroupLength(s, lengths, first);
        int n1 = GroupLength(s, lengths, first + 1);
        int n2 = GroupLength(s, lengths, first + 2);
        int n3 = GroupLength(s, lengths, first + 3);
        int longest = XMath.Max(XMath.Max(n0, n1), XMath.Max(n2, n3));
        long safeGate = GateRow(s, direction, first, 0);

        // Per event: dh (first H) and dc (second H) flowing into the current step from the step processed after it.
        for (int e = 0; e < EventsPerItem && first + e < s.Batch; e++)
        {
            long dh = CarryRow(s, direction, first + e);
            for (int k = 0; k < 2 * hidden; k++)
            {
                carry[dh + k] = 0f;
            }
        }

        // Descending steps: each event joins at its own last processed step, len - 1, with a zero carry.
        for (int step = longest - 1; step >= 0; step--)
        {
            for (int e = 0; e < EventsPerItem; e++)
            {
                int n = e == 0 ? n0 : (e == 1 ? n1 : (e == 2 ? n2 : n3));
                if (step < n)
                {
                    int t = Time(step, n, direction);
                    GateGradientStep(
                        gates, cells, outputGradient, gateGradient, carry,
                        GateRow(s, direction, first + e, t), StateRow(s, direction, first + e, t),
                        step == 0 ? -1 : StateRow(s, direction, first + e, direction == 0 ? t - 1 : t + 1),
                        OutputRow(s, direction, first + e, t), CarryRow(s, direction, first + e), hidden);
                }
            }

            // dh_prev = dz U^T; at the first processed step h_prev is the constant 0 and the gradient stops.
            if (step > 0)
            {
                int mask = (step < n0 ? 1 : 0) | (step < n1 ? 2 : 0) | (step < n2 ? 4 : 0) | (step < n3 ? 8 : 0);
                long a0 = step < n0 ? GateRow(s, direction, first, Time(step, n0, direction)) : safeGate;
                long a1 = step < n1 ? GateRow(s, direction, first + 1, Time(step, n1, direction)) : safeGate;
                long a2 = step < n2 ? GateRow(s, direction, first + 2, Time(step, n2, direction)) : safeGate;
                long a3 = step < n3 ? GateRow(s, direction, first + 3, Time(step, n3, direction)) : safeGate;
                long c0 = step < n0 ? CarryRow(s, direction, first) : 0;
                long c1 = step < n1 ? CarryRow(s, direction, first + 1) : 0;
                long c2 = step < n2 ? CarryRow(s, direction, first + 2) : 0;
                long c3 = step < n3 ? CarryRow(s, direction, first + 3) : 0;
                for (int k0 = 0; k0 < hidden; k0 += 4)
                {
                    // (dz of 4 events) [4, 4H] times U^T [4H, H], columns k0 .. k0 + 3: U^T(j, k) = u[k * 4H + j].
                    ProductBlock(
                        gateGradient, a0, a1, a2, a3, width, u, 1, width, k0, hidden,
                        carry, c0, c1, c2, c3, mask, accumulate: false);
                }
            }
        }

        // Padded steps contribute nothing to dW, dU, dbias or dX.
        for (int e = 0; e < EventsPerItem && first + e < s.Batch; e++)
        {
            int n = e == 0 ? n0 : (e == 1 ? n1 : (e == 2 ? n2 : n3));
            long start = GateRow(s, direction, first + e, n);
            long stop = GateRow(s, direction, first + e, s.Steps);
            for (long i = start; i < stop; i++)
            {
                gateGradient[i] = 0f;
            }
        }
    }

    private static long CarryRow(LstmShape s, int direction, int b) => (((long)direction * s.Batch) + b) * 2 * s.Hidden;

    // dz of one event at one step from its stored gates and cells, dL/dh_t and the carried dh, dc.
    private static void GateGradientStep(
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> outputGradient,
        ArrayView<float> gateGradient, ArrayView<float> carry,
        long g, long state, long previousState, long o, long dh, int hidden)
    {
        long dc = dh + hidden;
        for (int k = 0; k < hidden; k++)
        {
            float gi = gates[g + k];
            float gf = gates[g + hidden + k];
            float gg = gates[g + (2 * hidden) + k];
            float go = gates[g + (3 * hidden) + k];
            float cPrevious = previousState < 0 ? 0f : cells[previousState + k];
            float tanhC = ElementwiseKernels.Tanh(cells[state + k]);

            // h_t feeds the output at t and the next processed step; h = o tanh(c) splits it between o and c,
            // and c also reaches the next step's c through f.
            float dht = outputGradient[o + k] + carry[dh + k];
            float dct = carry[dc + k] + (dht * go * (1f - (tanhC * tanhC)));

            // c = f c_prev + i g, then each gate's nonlinearity: sigmoid' = s (1 - s), tanh' = 1 - tanh^2.
            gateGradient[g + k] = dct * gg * gi * (1f - gi);
            gateGradient[g + hidden + k] = dct * cPrevious * gf * (1f - gf);
            gateGradient[g + (2 * hidden) + k] = dct * gi * (1f - (gg * gg));
            gateGradient[g + (3 * hidden) + k] = dht * tanhC * go * (1f - go);
            carry[dc + k] = dct * gf;
        }
    }

    /// <summary>
    /// A 4 x 4 block of a product of four rows of A (a0 .. a3, each <paramref name="inner"/> contiguous floats) with
    /// columns j0 .. j0 + 3 of B (element (k, j) at k * bRowStride + j * bColStride), stored (or added, when
    /// <paramref name="accumulate"/>) into rows c0 .. c3 of C for the rows whose bit is set in
    /// <paramref name="mask"/> and the columns below <paramref name="columns"/>. Columns past the edge are clamped
    /// for the loads so the inner loop has no branch. Each loaded value serves four multiply-adds.
    /// </summary>
    private static void ProductBlock(
        ArrayView<float> a, long a0, long a1, long a2, long a3, int inner,
        ArrayView<float> b, int bRowStride, int bColStride, int j0, int columns,
        ArrayView<float> c, long c0, long c1, long c2, long c3, int mask, bool accumulate)
    {
        long b0 = (long)j0 * bColStride;
        long b1 = (long)Clamp(j0 + 1, columns) * bColStride;
        long b2 = (long)Clamp(j0 + 2, columns) * bColStride;
        long b3 = (long)Clamp(j0 + 3, columns) * bColStride;
        float s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        float s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        float s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        float s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        long bk = 0;
        for (int k = 0; k < inner; k++)
        {
            float x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
            float y0 = b[bk + b0], y1 = b[bk + b1], y2 = b[bk + b2], y3 = b[bk + b3];
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
            bk += bRowStride;
        }

        if ((mask & 1) != 0)
        {
            StoreRow(c, c0, j0, columns, accumulate, s00, s01, s02, s03);
        }

        if ((mask & 2) != 0)
        {
            StoreRow(c, c1, j0, columns, accumulate, s10, s11, s12, s13);
        }

        if ((mask & 4) != 0)
        {
            StoreRow(c, c2, j0, columns, accumulate, s20, s21, s22, s23);
        }

        if ((mask & 8) != 0)
        {
            StoreRow(c, c3, j0, columns, accumulate, s30, s31, s32, s33);
        }
    }

    private static int Clamp(int index, int size) => index < size ? index : size - 1;

    private static void StoreRow(
        ArrayView<float> c, long row, int j0, int columns, bool accumulate, float v0, float v1, float v2, float v3)
    {
        Store(c, row + j0, j0 < columns, accumulate, v0);
        Store(c, row + j0 + 1, j0 + 1 < columns, accumulate, v1);
        Store(c, row + j0 + 2, j0 + 2 < columns, accumulate, v2);
        Store(c, row + j0 + 3, j0 + 3 < columns, accumulate, v3);
    }

    private static void Store(ArrayView<float> c, long index, bool inside, bool accumulate, float value)
    {
        if (inside)
        {
            c[index] = accumulate ? c[index] + value : value;
        }
    }
}
