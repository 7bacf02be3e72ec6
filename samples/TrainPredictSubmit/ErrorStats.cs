using IceCube.Reco.Physics;

namespace TrainPredictSubmit;

/// <summary>Angular errors (rad) of one set of predictions against the truth, per event and summarised.</summary>
/// <param name="Errors">The error of each event (rad), in test order.</param>
/// <param name="Mean">The competition metric: the mean error (rad).</param>
/// <param name="Median">The median error (rad).</param>
internal sealed record ErrorStats(double[] Errors, double Mean, double Median)
{
    /// <summary>Scores predictions with the competition's metric.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty, or an angle is not finite.</exception>
    public static ErrorStats Of(double[] trueAzimuth, double[] trueZenith, double[] azimuth, double[] zenith)
    {
        if (trueAzimuth.Length == 0 || trueAzimuth.Length != azimuth.Length || trueZenith.Length != zenith.Length ||
            trueAzimuth.Length != trueZenith.Length)
        {
            throw new ArgumentException(
                $"Cannot score {azimuth.Length} predictions against {trueAzimuth.Length} true directions.");
        }

        var errors = new double[azimuth.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            errors[i] = AngularError.Angle(trueAzimuth[i], trueZenith[i], azimuth[i], zenith[i]);
        }

        return new ErrorStats(errors, AngularError.Mean(trueAzimuth, trueZenith, azimuth, zenith), MedianOf(errors));
    }

    /// <summary>The median of the values (the mean of the middle two for an even count).</summary>
    public static double MedianOf(IReadOnlyList<double> values)
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
