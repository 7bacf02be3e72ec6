namespace IceCube.Reco.Compute;

/// <summary>
/// The host twin of <see cref="IceCube.Reco.Kernels.SequenceLengths"/>: an event's true length read from the float
/// lengths array, clamped to 0 .. steps, so a bad length masks wrongly but never reads or writes outside its event.
/// </summary>
internal static class HostSequenceLengths
{
    /// <summary>The length stored as <paramref name="value"/>, clamped to 0 .. <paramref name="steps"/>.</summary>
    public static int Read(float value, int steps)
    {
        // Written so that NaN also ends up at 0, exactly as the kernels read it.
        if (!(value > 0f))
        {
            return 0;
        }

        return value < steps ? (int)value : steps;
    }
}
