namespace IceCube.Reco.Data;

/// <summary>
/// Puts each event in the training or the validation part by a seeded hash of its event_id, so the split is the
/// same whatever files, order or subset are read.
/// </summary>
internal static class EventSplit
{
    /// <summary>True when the event belongs to the validation part.</summary>
    public static bool IsValidation(long eventId, int seed, double validationFraction)
    {
        var hash = Mix(unchecked((ulong)eventId) ^ Mix(unchecked((ulong)(uint)seed) + 0x9E3779B97F4A7C15UL));
        // The top 53 bits as a uniform number in [0, 1).
        var uniform = (hash >> 11) * (1.0 / (1UL << 53));
        return uniform < validationFraction;
    }

    // SplitMix64's finaliser: a cheap bijection with good avalanche, so neighbouring ids land far apart.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
