using ILGPU;

namespace IceCube.Reco.Kernels;

/// <summary>
/// Reads an event's true length from the float lengths array, clamped to 0 .. steps: a bad length then masks
/// wrongly but can never make a kernel read or write outside its event's rows.
/// </summary>
internal static class SequenceLengths
{
    /// <summary>The length of event <paramref name="b"/>, clamped to 0 .. <paramref name="steps"/>.</summary>
    public static int Read(ArrayView<float> lengths, long b, int steps)
    {
        float value = lengths[b];

        // The comparisons are written so that NaN also ends up at 0.
        if (!(value > 0f))
        {
            return 0;
        }

        return value < steps ? (int)value : steps;
    }
}
