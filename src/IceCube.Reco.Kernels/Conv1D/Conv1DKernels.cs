using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// The masked 1D convolution, channels last, stride 1, odd kernel K with 'same' padding that starts at each event's
/// true length (as if the event were stored with L = len): x [B, L, Cin], weights w [K, Cin, Cout] (Keras' layout,
/// w[k, c, o] at (k * Cin + c) * Cout + o, i.e. a [K Cin, Cout] matrix), bias [Cout], y [B, L, Cout].
/// <c>y[b, t, o] = f(bias[o] + sum_{k, c} w[k, c, o] x[b, t + k - K/2, c])</c> over taps inside 0 .. len - 1;
/// y = 0 at t &gt;= len. Lengths arrive as exact float integers.
/// <para>
/// The products run as GEMMs over an im2col window: <see cref="Im2Col"/> gathers, for every step, the K taps it
/// reads (zeros for taps outside the event and for padded steps) into columns [B L, K Cin]; then
/// y = columns w + bias, dw = columns^T dz and dcolumns = dz w^T are plain GEMMs, and <see cref="Col2Im"/> adds the
/// tap gradients back onto the input steps. On ILGPU's CPU accelerator this measured 1.6-1.7x faster than direct
/// convolution kernels at the wide shape (docs/lab-log.md, 17:38), and every sum keeps a fixed order: deterministic.
/// </para>
/// </summary>
internal static class Conv1DKernels
{
    /// <summary>
    /// Item = row (b, t): columns[row, k * Cin + c] = x[b, t + k - K/2, c] when step t is real and the tap lies in
    /// 0 .. len - 1, else 0; so padded inputs are never read and the zero padding starts at the event's length.
    /// </summary>
    public static void Im2Col(
        Index1D worker, Chunking work,
        ArrayView<float> x, ArrayView<float> lengths, ArrayView<float> columns, Conv1DShape s)
    {
        int half = s.KernelSize / 2;
        long window = (long)s.KernelSize * s.InChannels;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long row = work.Start(block); row < end; row++)
            {
                int t = (int)(row % s.Steps);
                int length = SequenceLengths.Read(lengths, row / s.Steps, s.Steps);
                long target = row * window;
                for (int k = 0; k < s.KernelSize; k++)
                {
                    int source = t + k - half;
                    bool inside = t < length && source >= 0 && source < length;
                    long xRow = (row + k - half) * s.InChannels;
                    for (int c = 0; c < s.InChannels; c++)
                    {
                        columns[target + (long)k * s.InChannels + c] = inside ? x[xRow + c] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Item = row (b, t): y = f(y) at real steps and 0 at padded ones (the GEMM put the bias there, and f(bias)
    /// need not be 0).
    /// </summary>
    public static void ActivateMasked(
        Index1D worker, Chunking work,
        ArrayView<float> y, ArrayView<float> lengths, Conv1DShape s, ActivationKind activation)
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
                    y[i] = real ? ElementwiseKernels.Apply(activation, y[i]) : 0f;
                }
            }
        }
    }

    /// <summary>
    /// Item = row (b, t): dz = dy * f'(z) at real steps (f' from the stored output y), 0 at padded steps, so the
    /// GEMMs below never see a padded gradient.
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
    /// Item = row (b, t): dx[b, t, c] = sum_k dcolumns[b, t - k + K/2, k * Cin + c] over the output steps that read
    /// step t through tap k (inside 0 .. len - 1), added in k order; 0 at t &gt;= len.
    /// </summary>
    public static void Col2Im(
        Index1D worker, Chunking work,
        ArrayView<float> dColumns, ArrayView<float> lengths, ArrayView<float> dx, Conv1DShape s)
    {
        int half = s.KernelSize / 2;
        long window = (long)s.KernelSize * s.InChannels;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long row = work.Start(block); row < end; row++)
            {
                int t = (int)(row % s.Steps);
                int length = SequenceLengths.Read(lengths, row / s.Steps, s.Steps);
                int kFirst = t + half - (length - 1) > 0 ? t + half - (length - 1) : 0;
                int kLast = t >= length ? -1 : (t + half < s.KernelSize - 1 ? t + half : s.KernelSize - 1);
                for (int c = 0; c < s.InChannels; c++)
                {
                    float sum = 0f;
                    for (int k = kFirst; k <= kLast; k++)
                    {
                        sum += dColumns[(row - k + half) * window + (long)k * s.InChannels + c];
                    }

                    dx[row * s.InChannels + c] = sum;
                }
            }
        }
    }
}
