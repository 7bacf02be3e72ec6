namespace IceCube.Reco.Tests.TestSupport;

/// <summary>
/// Shape checks shared by the double-precision references, so that a caller who passes an array of
/// the wrong size gets an exception naming the argument instead of an index error deep in a loop.
/// </summary>
internal static class ReferenceArguments
{
    /// <summary>Throws unless <paramref name="array"/> holds exactly <paramref name="expected"/> elements.</summary>
    public static void RequireLength<T>(T[] array, long expected, string name)
    {
        ArgumentNullException.ThrowIfNull(array, name);
        if (array.LongLength != expected)
        {
            throw new ArgumentException(
                $"'{name}' has {array.LongLength} elements but the shape needs {expected}.", name);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is zero or positive.</summary>
    public static void RequireNonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be zero or positive.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is strictly positive.</summary>
    public static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be positive.");
        }
    }

    /// <summary>
    /// Checks the per-event true lengths of a padded batch: one per event, each in 0..<paramref name="steps"/>.
    /// </summary>
    public static void RequireLengths(int[] lengths, int batch, int steps)
    {
        RequireNonNegative(batch, nameof(batch));
        RequireNonNegative(steps, nameof(steps));
        RequireLength(lengths, batch, nameof(lengths));
        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 0 || lengths[b] > steps)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(lengths), lengths[b], $"lengths[{b}] = {lengths[b]} is outside 0..{steps}.");
            }
        }
    }
}
