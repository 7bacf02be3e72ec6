using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// Masked global average pooling over time: x [B, L, C] to y [B, C],
/// <c>y[b, c] = (1 / len) sum_{t &lt; len} x[b, t, c]</c>, y = 0 for len = 0; backward
/// <c>dx[b, t, c] = dy[b, c] / len</c> for t &lt; len, else 0. Lengths arrive as exact float integers.
/// </summary>
internal static class PoolingKernels
{
    /// <summary>Item = (b, c): the mean over the event's real steps, summed in step order.</summary>
    public static void AverageForward(
        Index1D worker, Chunking work,
        ArrayView<float> x, ArrayView<float> lengths, ArrayView<float> y, int steps, int channels)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                long b = i / channels;
                long c = i % channels;
                int length = SequenceLengths.Read(lengths, b, steps);
                float sum = 0f;
                for (int t = 0; t < length; t++)
                {
                    sum += x[(b * steps + t) * channels + c];
                }

                // An empty event has nothing to average: 0, not 0 / 0.
                y[i] = length > 0 ? sum / length : 0f;
            }
        }
    }

    /// <summary>Item = (b, t, c): each real step receives an equal share of the pooled gradient.</summary>
    public static void AverageBackward(
        Index1D worker, Chunking work,
        ArrayView<float> dy, ArrayView<float> lengths, ArrayView<float> dx, int steps, int channels)
    {
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long i = work.Start(block); i < end; i++)
            {
                long c = i % channels;
                long row = i / channels;
                int t = (int)(row % steps);
                long b = row / steps;
                int length = SequenceLengths.Read(lengths, b, steps);
                dx[i] = t < length ? dy[b * channels + c] / length : 0f;
            }
        }
    }
}
