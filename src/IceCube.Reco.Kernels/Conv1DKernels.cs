using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// The masked 1D convolution, channels last, stride 1, odd kernel K with 'same' padding that starts at each event's
/// true length (as if the event were stored with L = len): x [B, L, Cin], weights w [K, Cin, Cout] (Keras' layout,
/// w[k, c, o] at (k * Cin + c) * Cout + o), bias [Cout], y [B, L, Cout].
/// <c>y[b, t, o] = f(bias[o] + sum_{k, c} w[k, c, o] x[b, t + k - K/2, c])</c> over taps inside 0 .. len - 1;
/// y = 0 at t &gt;= len. Lengths arrive as exact float integers. Direct kernels (no im2col buffer): forward,
/// the masked pre-activation gradient, the input gradient, and the weight and bias gradients in one launch.
/// Every output element is written by exactly one work item with a fixed summation order: deterministic.
/// </summary>
internal static class Conv1DKernels
{
    /// <summary>Item = (b, t, o) with t = (item / Cout) % L: one output element.</summary>
    public static void Forward(
        Index1D worker, Chunking work,
        ArrayView<float> x, ArrayView<float> lengths, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y,
        Conv1DShape s, ActivationKind activation)
    {
        int half = s.KernelSize / 2;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                int o = (int)(i % s.OutChannels);
                long row = i / s.OutChannels;
                int t = (int)(row % s.Steps);
                long b = row / s.Steps;
                int length = SequenceLengths.Read(lengths, b, s.Steps);
                if (t >= length)
                {
                    y[i] = 0f;
                    continue;
                }

                // Only the taps whose source step t + k - K/2 lies inside the event's real steps.
                int kFirst = half - t > 0 ? half - t : 0;
                int kLast = length - 1 - t + half < s.KernelSize - 1 ? length - 1 - t + half : s.KernelSize - 1;
                float sum = bias[o];
                for (int k = kFirst; k <= kLast; k++)
                {
                    long xBase = (b * s.Steps + t + k - half) * s.InChannels;
                    long wBase = (long)k * s.InChannels * s.OutChannels + o;
                    for (int c = 0; c < s.InChannels; c++)
                    {
                        sum += w[wBase + (long)c * s.OutChannels] * x[xBase + c];
                    }
                }

                y[i] = ElementwiseKernels.Apply(activation, sum);
            }
        }
    }

    /// <summary>
    /// Item = (b, t, o): dz = dy * f'(z) at real steps (f' from the stored output y), 0 at padded steps, so the
    /// two kernels below never read a padded gradient.
    /// </summary>
    public static void OutputGradient(
        Index1D worker, Chunking work,
        ArrayView<float> y, ArrayView<float> dy, ArrayView<float> lengths, ArrayView<float> dz,
        Conv1DShape s, ActivationKind activation)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                long row = i / s.OutChannels;
                int t = (int)(row % s.Steps);
                long b = row / s.Steps;
                dz[i] = t < SequenceLengths.Read(lengths, b, s.Steps) ? dy[i] * ElementwiseKernels.DerivativeFromOutput(activation, y[i]) : 0f;
            }
        }
    }

    /// <summary>
    /// Item = (b, t, c): dx[b, t, c] = sum_{k, o} w[k, c, o] dz[b, t - k + K/2, o], the transpose of the forward
    /// gather; 0 at t &gt;= len (padded inputs are never read, so they get no gradient). dz is 0 at padded steps, so
    /// only the array bounds need checking for the taps.
    /// </summary>
    public static void InputGradient(
        Index1D worker, Chunking work,
        ArrayView<float> dz, ArrayView<float> lengths, ArrayView<float> w, ArrayView<float> dx, Conv1DShape s)
    {
        int half = s.KernelSize / 2;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                int c = (int)(i % s.InChannels);
                long row = i / s.InChannels;
                int t = (int)(row % s.Steps);
                long b = row / s.Steps;
                int length = SequenceLengths.Read(lengths, b, s.Steps);
                if (t >= length)
                {
                    dx[i] = 0f;
                    continue;
                }

                // Output step t - k + K/2 must lie in 0 .. len - 1.
                int kFirst = t + half - (length - 1) > 0 ? t + half - (length - 1) : 0;
                int kLast = t + half < s.KernelSize - 1 ? t + half : s.KernelSize - 1;
                float sum = 0f;
                for (int k = kFirst; k <= kLast; k++)
                {
                    long dzBase = (b * s.Steps + t - k + half) * s.OutChannels;
                    long wBase = ((long)k * s.InChannels + c) * s.OutChannels;
                    for (int o = 0; o < s.OutChannels; o++)
                    {
                        sum += w[wBase + o] * dz[dzBase + o];
                    }
                }

                dx[i] = sum;
            }
        }
    }

    /// <summary>
    /// Items 0 .. K * Cin * Cout - 1 are weights (k, c, o) in w's layout:
    /// dw[k, c, o] = sum_{b, t} x[b, t + k - K/2, c] dz[b, t, o] over real t with the tap inside the event;
    /// the last Cout items are dbias[o] = sum_{b, t} dz[b, t, o]. Sums run over b then t, a fixed order.
    /// </summary>
    public static void ParameterGradients(
        Index1D worker, Chunking work,
        ArrayView<float> x, ArrayView<float> dz, ArrayView<float> lengths, ArrayView<float> dw, ArrayView<float> dbias,
        Conv1DShape s, int batch)
    {
        int half = s.KernelSize / 2;
        long weights = (long)s.KernelSize * s.InChannels * s.OutChannels;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                if (i >= weights)
                {
                    int bo = (int)(i - weights);
                    float biasSum = 0f;
                    for (long b = 0; b < batch; b++)
                    {
                        int length = SequenceLengths.Read(lengths, b, s.Steps);
                        for (int t = 0; t < length; t++)
                        {
                            biasSum += dz[(b * s.Steps + t) * s.OutChannels + bo];
                        }
                    }

                    dbias[bo] = biasSum;
                    continue;
                }

                int o = (int)(i % s.OutChannels);
                int c = (int)(i / s.OutChannels % s.InChannels);
                int k = (int)(i / ((long)s.OutChannels * s.InChannels));
                int shift = k - half;
                float sum = 0f;
                for (long b = 0; b < batch; b++)
                {
                    int length = SequenceLengths.Read(lengths, b, s.Steps);

                    // Output steps t whose source t + shift lies in 0 .. len - 1.
                    int tFirst = -shift > 0 ? -shift : 0;
                    int tEnd = length - shift < length ? length - shift : length;
                    for (int t = tFirst; t < tEnd; t++)
                    {
                        sum += x[(b * s.Steps + t + shift) * s.InChannels + c] * dz[(b * s.Steps + t) * s.OutChannels + o];
                    }
                }

                dw[i] = sum;
            }
        }
    }
}
