using ILGPU;
using ILGPU.Algorithms;

namespace IceCube.Reco.Kernels;

/// <summary>
/// The LSTM recurrence, fused per event: one work item carries one (direction, event) pair through every time step,
/// so a whole direction (both, for a bidirectional layer) is one launch with no grid-wide synchronisation. Events are
/// independent, so on the CPU accelerator a few fat threads take a chunk of events each, and on CUDA each thread runs
/// one event. The input projection x W + bias is not here: the launcher computes it for all steps as one GEMM into
/// the gate buffer before <see cref="Forward"/>, which adds h_prev U in place.
/// </summary>
/// <remarks>
/// Layouts (row-major): gates and their gradients [D, C, L, 4H] with gate-major blocks i, f, g, o of H units along
/// the last axis; cells c and previous hidden states [D, C, L, H]; the output y and its gradient [B', L, D * H] with
/// direction d in channels d * H .. d * H + H - 1; recurrent kernels u [H, 4H]; lengths [C] as exact float integers.
/// Direction 0 visits t = 0 .. len - 1, direction 1 visits t = len - 1 .. 0; nothing at t &gt;= len is read.
/// </remarks>
internal static class LstmKernels
{
    /// <summary>
    /// Forward recurrence. On entry gates hold x_t W + bias for every real step; on exit they hold the activated gates
    /// (i, f, o after the sigmoid, g after tanh), cells hold c_t, previousHidden holds h_prev (0 at each direction's
    /// first step) for the dU = H_prev^T dZ GEMM of the backward pass, and the output holds h_t. At padded steps the
    /// output and previousHidden are written 0 (pooled buffers may hold NaN, and 0 * NaN would poison that GEMM).
    /// Work items: Directions * Batch, item = direction * Batch + event.
    /// </summary>
    public static void Forward(
        Index1D worker, Chunking work, LstmShape s, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> previousHidden, ArrayView<float> output,
        ArrayView<float> forwardRecurrent, ArrayView<float> reverseRecurrent)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long item = work.Start(block); item < end; item++)
            {
                int direction = (int)(item / s.Batch);
                int b = (int)(item % s.Batch);

                // Branch once per event, not per multiply, on which direction's recurrent kernel to use.
                if (direction == 0)
                {
                    ForwardEvent(s, b, 0, lengths, gates, cells, previousHidden, output, forwardRecurrent);
                }
                else
                {
                    ForwardEvent(s, b, 1, lengths, gates, cells, previousHidden, output, reverseRecurrent);
                }
            }
        }
    }

    /// <summary>
    /// Backpropagation through time from the stored activations. Walks each event's processing order backwards,
    /// carrying dh and dc from the step processed after (carry [D, C, 2H]: dh in the first H, dc in the second), and
    /// writes dZ (the gradient of the pre-activation gates) for every step, 0 at padded steps. The launcher then
    /// turns dZ into dW = X^T dZ, dU = H_prev^T dZ, dbias = column sums of dZ and dX = dZ W^T with GEMMs.
    /// Work items: Directions * Batch.
    /// </summary>
    public static void Backward(
        Index1D worker, Chunking work, LstmShape s, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> outputGradient,
        ArrayView<float> gateGradient, ArrayView<float> carry,
        ArrayView<float> forwardRecurrent, ArrayView<float> reverseRecurrent)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long item = work.Start(block); item < end; item++)
            {
                int direction = (int)(item / s.Batch);
                int b = (int)(item % s.Batch);
                if (direction == 0)
                {
                    BackwardEvent(s, b, 0, lengths, gates, cells, outputGradient, gateGradient, carry, forwardRecurrent);
                }
                else
                {
                    BackwardEvent(s, b, 1, lengths, gates, cells, outputGradient, gateGradient, carry, reverseRecurrent);
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

    private static void ForwardEvent(
        LstmShape s, int b, int direction, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> previousHidden, ArrayView<float> output,
        ArrayView<float> u)
    {
        int hidden = s.Hidden;
        int width = 4 * hidden;
        int outWidth = s.Directions * hidden;
        int length = EventLength(lengths[b], s.Steps);
        long gateBase = (direction * s.GateDirectionStride) + ((long)b * s.Steps * width);
        long stateBase = (direction * s.StateDirectionStride) + ((long)b * s.Steps * hidden);
        long outBase = ((long)b * s.Steps * outWidth) + (direction * hidden);
        for (int step = 0; step < length; step++)
        {
            int t = direction == 0 ? step : length - 1 - step;
            int previous = direction == 0 ? t - 1 : t + 1;
            long g = gateBase + ((long)t * width);
            long state = stateBase + ((long)t * hidden);
            long previousState = stateBase + ((long)previous * hidden);
            long previousOut = outBase + ((long)previous * outWidth);
            if (step == 0)
            {
                for (int k = 0; k < hidden; k++)
                {
                    previousHidden[state + k] = 0f;
                }
            }
            else
            {
                for (int k = 0; k < hidden; k++)
                {
                    previousHidden[state + k] = output[previousOut + k];
                }

                AddRecurrentProduct(gates, g, previousHidden, state, u, hidden);
            }

            long o = outBase + ((long)t * outWidth);
            for (int k = 0; k < hidden; k++)
            {
                float gi = ElementwiseKernels.Apply(ActivationKind.Sigmoid, gates[g + k]);
                float gf = ElementwiseKernels.Apply(ActivationKind.Sigmoid, gates[g + hidden + k]);
                float gg = XMath.Tanh(gates[g + (2 * hidden) + k]);
                float go = ElementwiseKernels.Apply(ActivationKind.Sigmoid, gates[g + (3 * hidden) + k]);
                float cPrevious = step == 0 ? 0f : cells[previousState + k];
                float c = (gf * cPrevious) + (gi * gg);
                gates[g + k] = gi;
                gates[g + hidden + k] = gf;
                gates[g + (2 * hidden) + k] = gg;
                gates[g + (3 * hidden) + k] = go;
                cells[state + k] = c;
                output[o + k] = go * XMath.Tanh(c);
            }
        }

        for (int t = length; t < s.Steps; t++)
        {
            long state = stateBase + ((long)t * hidden);
            long o = outBase + ((long)t * outWidth);
            for (int k = 0; k < hidden; k++)
            {
                previousHidden[state + k] = 0f;
                output[o + k] = 0f;
            }
        }
    }

    /// <summary>
    /// z[j] += sum_k h[k] u[k, j] for one step, four rows of u at a time so each z element is loaded and stored once
    /// per four multiply-adds, and u is read row by row (contiguous).
    /// </summary>
    private static void AddRecurrentProduct(
        ArrayView<float> z, long zStart, ArrayView<float> h, long hStart, ArrayView<float> u, int hidden)
    {
        int width = 4 * hidden;
        int k = 0;
        for (; k + 3 < hidden; k += 4)
        {
            float h0 = h[hStart + k];
            float h1 = h[hStart + k + 1];
            float h2 = h[hStart + k + 2];
            float h3 = h[hStart + k + 3];
            long r0 = (long)k * width;
            long r1 = r0 + width;
            long r2 = r1 + width;
            long r3 = r2 + width;
            for (int j = 0; j < width; j++)
            {
                z[zStart + j] += (h0 * u[r0 + j]) + (h1 * u[r1 + j]) + (h2 * u[r2 + j]) + (h3 * u[r3 + j]);
            }
        }

        for (; k < hidden; k++)
        {
            float hk = h[hStart + k];
            long row = (long)k * width;
            for (int j = 0; j < width; j++)
            {
                z[zStart + j] += hk * u[row + j];
            }
        }
    }

    private static void BackwardEvent(
        LstmShape s, int b, int direction, ArrayView<float> lengths,
        ArrayView<float> gates, ArrayView<float> cells, ArrayView<float> outputGradient,
        ArrayView<float> gateGradient, ArrayView<float> carry, ArrayView<float> u)
    {
        int hidden = s.Hidden;
        int width = 4 * hidden;
        int outWidth = s.Directions * hidden;
        int length = EventLength(lengths[b], s.Steps);
        long gateBase = (direction * s.GateDirectionStride) + ((long)b * s.Steps * width);
        long stateBase = (direction * s.StateDirectionStride) + ((long)b * s.Steps * hidden);
        long outBase = ((long)b * s.Steps * outWidth) + (direction * hidden);

        // dh (first H) and dc (second H) flowing into the current step from the step processed after it.
        long dh = (((long)direction * s.Batch) + b) * 2 * hidden;
        long dc = dh + hidden;
        for (int k = 0; k < 2 * hidden; k++)
        {
            carry[dh + k] = 0f;
        }

        for (int step = length - 1; step >= 0; step--)
        {
            int t = direction == 0 ? step : length - 1 - step;
            int previous = direction == 0 ? t - 1 : t + 1;
            long g = gateBase + ((long)t * width);
            long state = stateBase + ((long)t * hidden);
            long previousState = stateBase + ((long)previous * hidden);
            long o = outBase + ((long)t * outWidth);
            for (int k = 0; k < hidden; k++)
            {
                float gi = gates[g + k];
                float gf = gates[g + hidden + k];
                float gg = gates[g + (2 * hidden) + k];
                float go = gates[g + (3 * hidden) + k];
                float cPrevious = step == 0 ? 0f : cells[previousState + k];
                float tanhC = XMath.Tanh(cells[state + k]);

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

            // dh_prev = dz U^T; at the first processed step h_prev is the constant 0 and the gradient stops.
            if (step > 0)
            {
                for (int k = 0; k < hidden; k++)
                {
                    long row = (long)k * width;
                    float sum = 0f;
                    for (int j = 0; j < width; j++)
                    {
                        sum += gateGradient[g + j] * u[row + j];
                    }

                    carry[dh + k] = sum;
                }
            }
        }

        // Padded steps contribute nothing to dW, dU, dbias or dX.
        for (long i = gateBase + ((long)length * width); i < gateBase + ((long)s.Steps * width); i++)
        {
            gateGradient[i] = 0f;
        }
    }
}
