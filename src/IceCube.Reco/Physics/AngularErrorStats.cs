namespace IceCube.Reco.Physics;

/// <summary>
/// The angular errors of a set of reconstructed directions against the true ones: the error of each event, their
/// mean (the competition metric) and their median, all in radians.
/// </summary>
/// <param name="Errors">The angle between the true and the reconstructed direction of each event (rad), in the
/// order given.</param>
/// <param name="Mean">The mean error (rad), the competition metric, as
/// <see cref="AngularError.Mean(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>
/// computes it.</param>
/// <param name="Median">The median error (rad); the mean of the middle two for an even count.</param>
/// <example>
/// <code>
/// var stats = AngularErrorStats.Of(trueAzimuth, trueZenith, azimuth, zenith);
/// Console.WriteLine($"mean {stats.Mean:F4} rad, median {stats.Median:F4} rad over {stats.Errors.Count} events");
/// </code>
/// </example>
public sealed record AngularErrorStats(IReadOnlyList<double> Errors, double Mean, double Median)
{
    /// <summary>Scores reconstructed directions against the true ones with the competition's metric.</summary>
    /// <param name="azimuthTrue">True azimuth of each event (rad).</param>
    /// <param name="zenithTrue">True zenith of each event (rad).</param>
    /// <param name="azimuthPredicted">Reconstructed azimuth of each event (rad), in the same order.</param>
    /// <param name="zenithPredicted">Reconstructed zenith of each event (rad).</param>
    /// <returns>The per-event errors, their mean and their median.</returns>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, or an angle is not finite.</exception>
    public static AngularErrorStats Of(
        ReadOnlySpan<double> azimuthTrue,
        ReadOnlySpan<double> zenithTrue,
        ReadOnlySpan<double> azimuthPredicted,
        ReadOnlySpan<double> zenithPredicted)
    {
        if (azimuthTrue.Length == 0 || azimuthTrue.Length != azimuthPredicted.Length ||
            zenithTrue.Length != zenithPredicted.Length || azimuthTrue.Length != zenithTrue.Length)
        {
            throw new ArgumentException(
                $"Cannot score {azimuthPredicted.Length} reconstructed directions against {azimuthTrue.Length} true ones " +
                $"(zenith spans: {zenithPredicted.Length} and {zenithTrue.Length}).");
        }

        var errors = new double[azimuthPredicted.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            errors[i] = AngularError.Angle(azimuthTrue[i], zenithTrue[i], azimuthPredicted[i], zenithPredicted[i]);
        }

        var mean = AngularError.Mean(azimuthTrue, zenithTrue, azimuthPredicted, zenithPredicted);
        return new AngularErrorStats(errors, mean, MedianOf(errors));
    }

    /// <summary>The median of the values (the mean of the middle two for an even count).</summary>
    /// <exception cref="ArgumentException">There are no values.</exception>
    internal static double MedianOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    }
}
