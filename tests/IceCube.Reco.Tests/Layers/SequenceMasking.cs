using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// Helpers for the masking tests of sequence layers, over [B, L, C] tensors with per-event lengths:
/// the real positions are t &lt; len[b], the padded ones t &gt;= len[b].
/// </summary>
internal static class SequenceMasking
{
    /// <summary>A copy of <paramref name="values"/> with every padded position replaced by a fresh random value.</summary>
    public static double[] ScramblePadding(double[] values, int[] lengths, int batch, int steps, int channels, ReferenceRandom random)
    {
        var copy = (double[])values.Clone();
        for (int b = 0; b < batch; b++)
        {
            for (int t = lengths[b]; t < steps; t++)
            {
                for (int c = 0; c < channels; c++)
                {
                    copy[(((b * steps) + t) * channels) + c] = random.NextUniform(-5.0, 5.0);
                }
            }
        }

        return copy;
    }

    /// <summary>The values at padded positions, in memory order.</summary>
    public static double[] PaddedValues(double[] values, int[] lengths, int batch, int steps, int channels) =>
        Select(values, lengths, batch, steps, channels, padded: true);

    /// <summary>The values at real positions, in memory order.</summary>
    public static double[] RealValues(double[] values, int[] lengths, int batch, int steps, int channels) =>
        Select(values, lengths, batch, steps, channels, padded: false);

    private static double[] Select(double[] values, int[] lengths, int batch, int steps, int channels, bool padded)
    {
        var selected = new List<double>();
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                if ((t >= lengths[b]) != padded)
                {
                    continue;
                }

                for (int c = 0; c < channels; c++)
                {
                    selected.Add(values[(((b * steps) + t) * channels) + c]);
                }
            }
        }

        return [.. selected];
    }
}
