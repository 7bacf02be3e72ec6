using System.Runtime.Intrinsics;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute.Host;

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
        for (long row = first; row < end; row++)
        {
            int t = (int)(row % s.Steps);
            int length = HostSequenceLengths.Read(lengths[row / s.Steps], s.Steps);
            float* windowRow = columns + (row * window);
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

            float* yRow = y + (row * s.OutChannels);
            if (t >= length)
            {
                new Span<float>(yRow, s.OutChannels).Clear();
                continue;
            }

            WindowProduct(windowRow, window, weights, bias, yRow, s.OutChannels, activation, width);
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
            float* windowRow = columns + (row * window);
            HostVector.Add(partialBias, dzRow, channels, width);
            for (int j = 0; j < window; j++)
            {
                HostVector.MultiplyAdd(windowRow[j], dzRow, partialWeights + ((long)j * channels), channels, width);
            }
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
            float* dzRow = dz + (row * channels);
            float* target = dColumns + (row * window);
            new Span<float>(target, window).Clear();
            for (int o = 0; o < channels; o++)
            {
                HostVector.MultiplyAdd(dzRow[o], transposedWeights + ((long)o * window), target, window, width);
            }
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

    // yRow = f(bias + windowRow weights): the output channels live in registers across the whole window.
    private static void WindowProduct(
        float* windowRow, int window, float* weights, float* bias, float* yRow, int channels,
        ActivationKind activation, SimdWidth width)
    {
        int o = 0;
        if (width >= SimdWidth.V512)
        {
            for (; o + Vector512<float>.Count <= channels; o += Vector512<float>.Count)
            {
                var sum = Vector512.Load(bias + o);
                for (int j = 0; j < window; j++)
                {
                    sum = HostVector.MultiplyAdd(
                        Vector512.Create(windowRow[j]), Vector512.Load(weights + ((long)j * channels) + o), sum);
                }

                HostActivation.Forward(sum, activation).Store(yRow + o);
            }
        }

        if (width >= SimdWidth.V256)
        {
            for (; o + Vector256<float>.Count <= channels; o += Vector256<float>.Count)
            {
                var sum = Vector256.Load(bias + o);
                for (int j = 0; j < window; j++)
                {
                    sum = HostVector.MultiplyAdd(
                        Vector256.Create(windowRow[j]), Vector256.Load(weights + ((long)j * channels) + o), sum);
                }

                HostActivation.Forward(sum, activation).Store(yRow + o);
            }
        }

        if (width >= SimdWidth.V128)
        {
            for (; o + Vector128<float>.Count <= channels; o += Vector128<float>.Count)
            {
                var sum = Vector128.Load(bias + o);
                for (int j = 0; j < window; j++)
                {
                    sum = HostVector.MultiplyAdd(
                        Vector128.Create(windowRow[j]), Vector128.Load(weights + ((long)j * channels) + o), sum);
                }

                HostActivation.Forward(sum, activation).Store(yRow + o);
            }
        }

        for (; o < channels; o++)
        {
            float sum = bias[o];
            for (int j = 0; j < window; j++)
            {
                sum = HostVector.MultiplyAdd(windowRow[j], weights[((long)j * channels) + o], sum);
            }

            yRow[o] = ElementwiseKernels.Apply(activation, sum);
        }
    }
}
