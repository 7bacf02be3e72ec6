using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// The masked 1D convolution, channels last, stride 1, odd kernel K with 'same' padding that starts at each event's
/// true length (as if the event were stored with L = len): x [B, L, Cin], weights w [K, Cin, Cout] (Keras' layout,
/// w[k, c, o] at (k * Cin + c) * Cout + o), bias [Cout], y [B, L, Cout].
/// <c>y[b, t, o] = f(bias[o] + sum_{k, c} w[k, c, o] x[b, t + k - K/2, c])</c> over taps inside 0 .. len - 1;
/// y = 0 at t &gt;= len. Lengths arrive as exact float integers. Direct kernels (no im2col buffer), one work item
/// per step (b, t): forward, the masked pre-activation gradient, the input gradient, and the weight and bias
/// gradients in two passes over fixed row chunks.
/// Every output element is written by exactly one work item with a fixed summation order: deterministic.
/// </summary>
internal static class Conv1DKernels
{
    /// <summary>
    /// Fixed number of row chunks of the weight-gradient sums (fewer when there are fewer rows): it does not depend
    /// on the device or thread count, so the sums are the same bit for bit everywhere.
    /// </summary>
    public const int GradientChunks = 32;

    /// <summary>
    /// Item = row (b, t): all Cout outputs of one step. The outputs accumulate in y's row with the innermost loop
    /// over contiguous output channels (the weights' fastest axis), which is what a CPU core streams best.
    /// </summary>
    public static void Forward(
        Index1D worker, Chunking work,
        ArrayView<float> x, ArrayView<float> lengths, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y,
        Conv1DShape s, ActivationKind activation)
    {
        int half = s.KernelSize / 2;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long row = work.Start(block); row < end; row++)
            {
                int t = (int)(row % s.Steps);
                long b = row / s.Steps;
                int length = SequenceLengths.Read(lengths, b, s.Steps);
                long yRow = row * s.OutChannels;
                if (t >= length)
                {
                    for (int o = 0; o < s.OutChannels; o++)
                    {
                        y[yRow + o] = 0f;
                    }

                    continue;
                }

                for (int o = 0; o < s.OutChannels; o++)
                {
                    y[yRow + o] = bias[o];
                }

                // Only the taps whose source step t + k - K/2 lies inside the event's real steps.
                int kFirst = half - t > 0 ? half - t : 0;
                int kLast = length - 1 - t + half < s.KernelSize - 1 ? length - 1 - t + half : s.KernelSize - 1;
                for (int k = kFirst; k <= kLast; k++)
                {
                    long xRow = (row + k - half) * s.InChannels;
                    for (int c = 0; c < s.InChannels; c++)
                    {
                        float xv = x[xRow + c];
                        long wRow = ((long)k * s.InChannels + c) * s.OutChannels;
                        for (int o = 0; o < s.OutChannels; o++)
                        {
                            y[yRow + o] += w[wRow + o] * xv;
                        }
                    }
                }

                for (int o = 0; o < s.OutChannels; o++)
                {
                    y[yRow + o] = ElementwiseKernels.Apply(activation, y[yRow + o]);
                }
            }
        }
    }

    /// <summary>
    /// Item = row (b, t): dz = dy * f'(z) at real steps (f' from the stored output y), 0 at padded steps, so the
    /// kernels below never read a padded gradient.
    /// </summary>
    public static void OutputGradient(
        Index1D worker, Chunking work,
        ArrayView<float> y, ArrayView<float> dy, ArrayView<float> lengths, ArrayView<float> dz,
        Conv1DShape s, ActivationKind activation)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long row = work.Start(block); row < end; row++)
            {
                bool real = row % s.Steps < SequenceLengths.Read(lengths, row / s.Steps, s.Steps);
                long first = row * s.OutChannels;
                for (long i = first; i < first + s.OutChannels; i++)
                {
                    dz[i] = real ? dy[i] * ElementwiseKernels.DerivativeFromOutput(activation, y[i]) : 0f;
                }
            }
        }
    }

    /// <summary>
    /// Item = row (b, t): dx[b, t, c] = sum_{k, o} w[k, c, o] dz[b, t - k + K/2, o], the transpose of the forward
    /// gather, as contiguous dot products over o; 0 at t &gt;= len (padded inputs are never read, so they get no
    /// gradient). dz is 0 at padded steps, so only the event's bounds need checking for the taps.
    /// </summary>
    public static void InputGradient(
        Index1D worker, Chunking work,
        ArrayView<float> dz, ArrayView<float> lengths, ArrayView<float> w, ArrayView<float> dx, Conv1DShape s)
    {
        int half = s.KernelSize / 2;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long row = work.Start(block); row < end; row++)
            {
                int t = (int)(row % s.Steps);
                int length = SequenceLengths.Read(lengths, row / s.Steps, s.Steps);
                long dxRow = row * s.InChannels;

                // Output step t - k + K/2 must lie in 0 .. len - 1 (none does when t is itself padded).
                int kFirst = t + half - (length - 1) > 0 ? t + half - (length - 1) : 0;
                int kLast = t + half < s.KernelSize - 1 ? t + half : s.KernelSize - 1;
                if (t >= length)
                {
                    kLast = -1;
                }

                for (int c = 0; c < s.InChannels; c++)
                {
                    float sum = 0f;
                    for (int k = kFirst; k <= kLast; k++)
                    {
                        long dzRow = (row - k + half) * s.OutChannels;
                        long wRow = ((long)k * s.InChannels + c) * s.OutChannels;
                        for (int o = 0; o < s.OutChannels; o++)
                        {
                            sum += w[wRow + o] * dz[dzRow + o];
                        }
                    }

                    dx[dxRow + c] = sum;
                }
            }
        }
    }

    /// <summary>
    /// First pass of the parameter gradients. Item = (chunk, j) with j = k * Cin + c a weight row, or j = K * Cin
    /// for the bias: partials[(chunk * (K Cin + 1) + j) * Cout + o] = the sum over the chunk's rows (b, t), in row
    /// order, of x[b, t + k - K/2, c] dz[b, t, o] (taps inside the event only), or of dz[b, t, o] for the bias.
    /// Rows are the flattened B * L steps, split into runs of
    /// <paramref name="rowsPerChunk"/>.
    /// </summary>
    public static void ParameterGradientPartials(
        Index1D worker, Chunking work,
        ArrayView<float> x, ArrayView<float> dz, ArrayView<float> lengths, ArrayView<float> partials,
        Conv1DShape s, int rows, int rowsPerChunk)
    {
        int half = s.KernelSize / 2;
        int weightRows = s.KernelSize * s.InChannels;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long item = work.Start(block); item < end; item++)
            {
                long chunk = item / (weightRows + 1);
                int j = (int)(item % (weightRows + 1));
                bool isBias = j == weightRows;
                int shift = isBias ? 0 : j / s.InChannels - half;
                int c = isBias ? 0 : j % s.InChannels;
                long target = item * s.OutChannels;
                for (int o = 0; o < s.OutChannels; o++)
                {
                    partials[target + o] = 0f;
                }

                long first = chunk * rowsPerChunk;
                long last = first + rowsPerChunk < rows ? first + rowsPerChunk : rows;
                for (long row = first; row < last; row++)
                {
                    int t = (int)(row % s.Steps);
                    int source = t + shift;

                    // dz is 0 at padded steps; the tap must also read a real step of the same event.
                    if (source < 0 || source >= SequenceLengths.Read(lengths, row / s.Steps, s.Steps))
                    {
                        continue;
                    }

                    float xv = isBias ? 1f : x[(row + shift) * s.InChannels + c];
                    long dzRow = row * s.OutChannels;
                    for (int o = 0; o < s.OutChannels; o++)
                    {
                        partials[target + o] += xv * dz[dzRow + o];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Second pass. Item = (j, o): the partials of that element added in chunk order into dw[j * Cout + o]
    /// (w's layout) or, for j = K * Cin, into dbias[o].
    /// </summary>
    public static void ParameterGradientFinal(
        Index1D worker, Chunking work,
        ArrayView<float> partials, ArrayView<float> dw, ArrayView<float> dbias, Conv1DShape s, int chunks)
    {
        long weights = (long)s.KernelSize * s.InChannels * s.OutChannels;
        long stride = weights + s.OutChannels;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                float sum = 0f;
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    sum += partials[chunk * stride + i];
                }

                if (i < weights)
                {
                    dw[i] = sum;
                }
                else
                {
                    dbias[i - weights] = sum;
                }
            }
        }
    }
}
