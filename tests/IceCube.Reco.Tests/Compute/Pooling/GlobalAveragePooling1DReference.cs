using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of masked global average pooling over time:
/// x [B, L, C] (x[b, t, c] at (b * L + t) * C + c) to y [B, C] (y[b, c] at b * C + c),
/// <c>y[b, c] = (1 / len[b]) * sum_{t &lt; len[b]} x[b, t, c]</c>, and y[b, c] = 0 when len[b] = 0 (not NaN).
/// Padded steps are never read, and receive no gradient.
/// </summary>
internal static class GlobalAveragePooling1DReference
{
    /// <summary>The forward pass: y [B, C], the mean over each event's real steps.</summary>
    public static double[] Forward(double[] x, int[] lengths, int batch, int steps, int channels)
    {
        CheckShapes(lengths, batch, steps, channels);
        ReferenceArguments.RequireLength(x, (long)batch * steps * channels, nameof(x));
        var y = new double[batch * channels];
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            if (length == 0)
            {
                // An empty event pools to 0: the sum is empty and there is nothing to average.
                continue;
            }

            for (int c = 0; c < channels; c++)
            {
                double sum = 0.0;
                for (int t = 0; t < length; t++)
                {
                    sum += x[(((b * steps) + t) * channels) + c];
                }

                y[(b * channels) + c] = sum / length;
            }
        }

        return y;
    }

    /// <summary>
    /// The backward pass given dy [B, C]: dx[b, t, c] = dy[b, c] / len[b] for t &lt; len[b], else 0.
    /// The forward pass is linear, so the backward needs no input values.
    /// </summary>
    public static double[] Backward(double[] dy, int[] lengths, int batch, int steps, int channels)
    {
        CheckShapes(lengths, batch, steps, channels);
        ReferenceArguments.RequireLength(dy, (long)batch * channels, nameof(dy));
        var dx = new double[batch * steps * channels];
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            for (int t = 0; t < length; t++)
            {
                for (int c = 0; c < channels; c++)
                {
                    dx[(((b * steps) + t) * channels) + c] = dy[(b * channels) + c] / length;
                }
            }
        }

        return dx;
    }

    private static void CheckShapes(int[] lengths, int batch, int steps, int channels)
    {
        ReferenceArguments.RequirePositive(channels, nameof(channels));
        ReferenceArguments.RequireLengths(lengths, batch, steps);
    }
}
