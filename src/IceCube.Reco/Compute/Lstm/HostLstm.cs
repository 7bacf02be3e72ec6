using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The LSTM recurrence on the host: the semantics of <see cref="LstmKernels"/> (same layouts, same per-event lengths,
/// zeros at padded steps) with vector registers instead of simulated GPU threads. Work is cut into fixed blocks of
/// <see cref="HostLstmProducts.Rows"/> events of one direction; blocks are independent recurrences, so threads take
/// whole blocks and the result does not depend on the thread count. Inside a block the events advance in lockstep by
/// processing step, and their h_prev U (or dz U^T) products share each loaded row of U.
/// </summary>
/// <remarks>
/// Layouts (row-major, as in <see cref="LstmKernels"/>): gates and their gradients [D, C, L, 4H] (gate blocks i, f, g,
/// o), cells and previous hidden states [D, C, L, H], output and its gradient [B', L, D * H], recurrent kernels
/// [H, 4H], lengths [C] as exact float integers. Direction 0 visits t = 0 .. len - 1, direction 1 t = len - 1 .. 0.
/// </remarks>
internal static unsafe class HostLstm
{
    /// <summary>Blocks of one call: per direction, one per group of <see cref="HostLstmProducts.Rows"/> events.</summary>
    public static int Blocks(int directions, int batch) =>
        directions * ((batch + HostLstmProducts.Rows - 1) / HostLstmProducts.Rows);

    /// <summary>
    /// Floats of scratch <see cref="Backward"/> needs: the carried dh and dc per direction and event (2H each), then
    /// U^T [4H, H] per direction, so that dz U^T runs as the same broadcast-and-multiply-add product as h_prev U.
    /// </summary>
    public static long BackwardScratchLength(int directions, int batch, int hidden) =>
        directions * (((long)batch * 2 * hidden) + (4L * hidden * hidden));

    /// <summary>
    /// Forward recurrence (see <see cref="LstmKernels.Forward"/>): on entry gates hold x W + bias, on exit the
    /// activated gates; writes cells, previous hidden states and the output, zeros at padded steps.
    /// </summary>
    public static void Forward(
        in LstmShape shape, float* lengths, float* gates, float* cells, float* previousHidden, float* output,
        float* forwardRecurrent, float* reverseRecurrent, SimdWidth width)
    {
        var body = new HostLstmForwardBody(
            shape, lengths, gates, cells, previousHidden, output, forwardRecurrent, reverseRecurrent);
        SimdDispatch.For(width, Blocks(shape.Directions, shape.Batch), body);
    }

    /// <summary>
    /// Backpropagation through time (see <see cref="LstmKernels.Backward"/>): writes dz into
    /// <paramref name="gateGradient"/>, zeros at padded steps. <paramref name="scratch"/> holds
    /// <see cref="BackwardScratchLength"/> floats.
    /// </summary>
    public static void Backward(
        in LstmShape shape, float* lengths, float* gates, float* cells, float* outputGradient, float* gateGradient,
        float* forwardRecurrent, float* reverseRecurrent, float* scratch, SimdWidth width)
    {
        int hidden = shape.Hidden;
        float* transposed = scratch + (shape.Directions * (long)shape.Batch * 2 * hidden);
        for (int d = 0; d < shape.Directions; d++)
        {
            Transpose(d == 0 ? forwardRecurrent : reverseRecurrent, transposed + (d * 4L * hidden * hidden), hidden);
        }

        var body = new HostLstmBackwardBody(
            shape, lengths, gates, cells, outputGradient, gateGradient, scratch, transposed);
        SimdDispatch.For(width, Blocks(shape.Directions, shape.Batch), body);
    }

    private static void Transpose(float* u, float* transposed, int hidden)
    {
        int width = 4 * hidden;
        for (int k = 0; k < hidden; k++)
        {
            for (int j = 0; j < width; j++)
            {
                transposed[(j * hidden) + k] = u[(k * width) + j];
            }
        }
    }

    /// <summary>Runs forward block <paramref name="block"/> with vectors of <typeparamref name="TVec"/>.</summary>
    public static void ForwardBlock<TVec>(
        in LstmShape s, int block, float* lengths, float* gates, float* cells, float* previousHidden, float* output,
        float* forwardRecurrent, float* reverseRecurrent)
        where TVec : struct, IFloatVector<TVec>
    {
        const int rows = HostLstmProducts.Rows;
        int groups = (s.Batch + rows - 1) / rows;
        int direction = block / groups;
        int first = (block % groups) * rows;
        int hidden = s.Hidden;
        float* u = direction == 0 ? forwardRecurrent : reverseRecurrent;
        int* lengthOf = stackalloc int[rows];
        int events = Math.Min(rows, s.Batch - first);
        int longest = Lengths(s, lengths, first, events, lengthOf);
        float** a = stackalloc float*[rows];
        float** c = stackalloc float*[rows];

        for (int step = 0; step < longest; step++)
        {
            // h_prev of each event taking part into previousHidden (0 at its first step): the A rows of h_prev U.
            int taking = 0;
            for (int e = 0; e < events; e++)
            {
                int n = lengthOf[e];
                if (step < n)
                {
                    int t = Time(step, n, direction);
                    float* state = previousHidden + StateRow(s, direction, first + e, t);
                    if (step == 0)
                    {
                        new Span<float>(state, hidden).Clear();
                    }
                    else
                    {
                        float* previousOutput = output + OutputRow(s, direction, first + e, direction == 0 ? t - 1 : t + 1);
                        new ReadOnlySpan<float>(previousOutput, hidden).CopyTo(new Span<float>(state, hidden));
                    }

                    a[taking] = state;
                    c[taking] = gates + GateRow(s, direction, first + e, t);
                    taking++;
                }
            }

            if (step > 0)
            {
                Pad(a, c, taking);
                HostLstmProducts.Multiply<TVec>(a, hidden, u, 4 * hidden, c, accumulate: true);
            }

            for (int e = 0; e < events; e++)
            {
                int n = lengthOf[e];
                if (step < n)
                {
                    int t = Time(step, n, direction);
                    float* previousCell = step == 0
                        ? null
                        : cells + StateRow(s, direction, first + e, direction == 0 ? t - 1 : t + 1);
                    HostLstmSteps.Activate<TVec>(
                        gates + GateRow(s, direction, first + e, t), previousCell,
                        cells + StateRow(s, direction, first + e, t), output + OutputRow(s, direction, first + e, t),
                        hidden);
                }
            }
        }

        // Pooled buffers may hold NaN, and 0 * NaN would poison the dU = H_prev^T dZ GEMM: padded steps get zeros.
        for (int e = 0; e < events; e++)
        {
            for (int t = lengthOf[e]; t < s.Steps; t++)
            {
                new Span<float>(previousHidden + StateRow(s, direction, first + e, t), hidden).Clear();
                new Span<float>(output + OutputRow(s, direction, first + e, t), hidden).Clear();
            }
        }
    }

    /// <summary>
    /// Runs backward block <paramref name="block"/> with vectors of <typeparamref name="TVec"/>:
    /// <paramref name="carry"/> holds dh and dc per direction and event, <paramref name="transposed"/> U^T per
    /// direction.
    /// </summary>
    public static void BackwardBlock<TVec>(
        in LstmShape s, int block, float* lengths, float* gates, float* cells, float* outputGradient,
        float* gateGradient, float* carry, float* transposed)
        where TVec : struct, IFloatVector<TVec>
    {
        const int rows = HostLstmProducts.Rows;
        int groups = (s.Batch + rows - 1) / rows;
        int direction = block / groups;
        int first = (block % groups) * rows;
        int hidden = s.Hidden;
        int width = 4 * hidden;
        float* ut = transposed + (direction * 4L * hidden * hidden);
        int* lengthOf = stackalloc int[rows];
        int events = Math.Min(rows, s.Batch - first);
        int longest = Lengths(s, lengths, first, events, lengthOf);
        float** a = stackalloc float*[rows];
        float** c = stackalloc float*[rows];

        // Per event dh (first H) and dc (second H) flowing into the current step from the step processed after it.
        float* blockCarry = carry + ((((long)direction * s.Batch) + first) * 2 * hidden);
        new Span<float>(blockCarry, events * 2 * hidden).Clear();

        // Descending steps: each event joins at its own last processed step, len - 1, with a zero carry.
        for (int step = longest - 1; step >= 0; step--)
        {
            int taking = 0;
            for (int e = 0; e < events; e++)
            {
                int n = lengthOf[e];
                if (step < n)
                {
                    int t = Time(step, n, direction);
                    float* previousCell = step == 0
                        ? null
                        : cells + StateRow(s, direction, first + e, direction == 0 ? t - 1 : t + 1);
                    float* dh = blockCarry + (e * 2L * hidden);
                    float* dz = gateGradient + GateRow(s, direction, first + e, t);
                    HostLstmSteps.Gradient<TVec>(
                        gates + GateRow(s, direction, first + e, t), previousCell,
                        cells + StateRow(s, direction, first + e, t),
                        outputGradient + OutputRow(s, direction, first + e, t), dh, dh + hidden, dz, hidden);
                    a[taking] = dz;
                    c[taking] = dh;
                    taking++;
                }
            }

            // dh_prev = dz U^T; at the first processed step h_prev is the constant 0 and the gradient stops.
            if (step > 0)
            {
                Pad(a, c, taking);
                HostLstmProducts.Multiply<TVec>(a, width, ut, hidden, c, accumulate: false);
            }
        }

        // Padded steps contribute nothing to dW, dU, dbias or dX.
        for (int e = 0; e < events; e++)
        {
            int n = lengthOf[e];
            long start = GateRow(s, direction, first + e, n);
            new Span<float>(gateGradient + start, (s.Steps - n) * width).Clear();
        }
    }

    // Each event's step count (clamped as the kernels do); returns the longest.
    private static int Lengths(in LstmShape s, float* lengths, int first, int events, int* lengthOf)
    {
        int longest = 0;
        for (int e = 0; e < events; e++)
        {
            lengthOf[e] = LstmKernels.EventLength(lengths[first + e], s.Steps);
            longest = Math.Max(longest, lengthOf[e]);
        }

        return longest;
    }

    // Fewer than four events repeat the last one's rows: the duplicates compute and store the same values.
    private static void Pad(float** a, float** c, int taking)
    {
        for (int r = taking; r < HostLstmProducts.Rows; r++)
        {
            a[r] = a[taking - 1];
            c[r] = c[taking - 1];
        }
    }

    // The time index of processing step `step` of an event of `length` steps.
    private static int Time(int step, int length, int direction) => direction == 0 ? step : length - 1 - step;

    private static long GateRow(in LstmShape s, int direction, int b, int t) =>
        (direction * s.GateDirectionStride) + ((((long)b * s.Steps) + t) * 4 * s.Hidden);

    private static long StateRow(in LstmShape s, int direction, int b, int t) =>
        (direction * s.StateDirectionStride) + ((((long)b * s.Steps) + t) * s.Hidden);

    private static long OutputRow(in LstmShape s, int direction, int b, int t) =>
        ((((long)b * s.Steps) + t) * s.Directions * s.Hidden) + ((long)direction * s.Hidden);
}
