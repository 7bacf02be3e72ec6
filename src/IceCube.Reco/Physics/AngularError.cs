namespace IceCube.Reco.Physics;

/// <summary>
/// The competition metric: the angle between true and predicted direction, |acos| of their clipped dot product,
/// averaged over events (radians; lower is better; a constant guess scores about pi/2). Like the host's code it
/// refuses non-finite input rather than scoring it.
/// </summary>
public static class AngularError
{
    /// <summary>The angle between two directions given as (azimuth, zenith) in radians.</summary>
    /// <returns>The angle in [0, pi] radians.</returns>
    /// <exception cref="ArgumentException">An angle is not finite.</exception>
    public static double Angle(double azimuthTrue, double zenithTrue, double azimuthPredicted, double zenithPredicted)
    {
        if (!double.IsFinite(azimuthTrue) || !double.IsFinite(zenithTrue) ||
            !double.IsFinite(azimuthPredicted) || !double.IsFinite(zenithPredicted))
        {
            throw new ArgumentException(
                $"Angles must be finite: true ({azimuthTrue}, {zenithTrue}), predicted ({azimuthPredicted}, {zenithPredicted}).");
        }

        return AngleOf(azimuthTrue, zenithTrue, azimuthPredicted, zenithPredicted);
    }

    /// <summary>Mean angular error over events given as angle arrays (radians).</summary>
    /// <returns>The mean angle in radians.</returns>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, or a value is not finite (the
    /// message names the span and the index).</exception>
    public static double Mean(
        ReadOnlySpan<double> azimuthTrue,
        ReadOnlySpan<double> zenithTrue,
        ReadOnlySpan<double> azimuthPredicted,
        ReadOnlySpan<double> zenithPredicted)
    {
        var n = azimuthTrue.Length;
        if (n == 0)
        {
            throw new ArgumentException("The mean angular error of no events is undefined.", nameof(azimuthTrue));
        }

        if (zenithTrue.Length != n || azimuthPredicted.Length != n || zenithPredicted.Length != n)
        {
            throw new ArgumentException(
                $"Angle spans differ in length: {n}, {zenithTrue.Length}, {azimuthPredicted.Length}, {zenithPredicted.Length}.");
        }

        CheckFinite(azimuthTrue, nameof(azimuthTrue));
        CheckFinite(zenithTrue, nameof(zenithTrue));
        CheckFinite(azimuthPredicted, nameof(azimuthPredicted));
        CheckFinite(zenithPredicted, nameof(zenithPredicted));
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += AngleOf(azimuthTrue[i], zenithTrue[i], azimuthPredicted[i], zenithPredicted[i]);
        }

        return sum / n;
    }

    /// <summary>
    /// Mean angular error over events given as direction vectors, row-major [N, 3]; vectors need not be unit length
    /// (each is normalised) but must not be zero.
    /// </summary>
    /// <returns>The mean angle in radians.</returns>
    /// <exception cref="ArgumentException">The spans are empty, differ in length or are not a multiple of 3, or a
    /// vector is zero or not finite.</exception>
    public static double Mean(ReadOnlySpan<double> vectorsTrue, ReadOnlySpan<double> vectorsPredicted) =>
        MeanOfVectors(vectorsTrue, vectorsPredicted);

    /// <summary>As <see cref="Mean(ReadOnlySpan{double}, ReadOnlySpan{double})"/> for float vectors (a model's output).</summary>
    /// <returns>The mean angle in radians, accumulated in double precision.</returns>
    public static double Mean(ReadOnlySpan<float> vectorsTrue, ReadOnlySpan<float> vectorsPredicted) =>
        MeanOfVectors(vectorsTrue, vectorsPredicted);

    // One loop for float and double input; components are widened to double before any arithmetic.
    private static double MeanOfVectors<T>(ReadOnlySpan<T> vectorsTrue, ReadOnlySpan<T> vectorsPredicted)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        CheckVectorShapes(vectorsTrue.Length, vectorsPredicted.Length);
        var sum = 0.0;
        for (var i = 0; i < vectorsTrue.Length; i += 3)
        {
            sum += VectorAngle(
                double.CreateTruncating(vectorsTrue[i]),
                double.CreateTruncating(vectorsTrue[i + 1]),
                double.CreateTruncating(vectorsTrue[i + 2]),
                double.CreateTruncating(vectorsPredicted[i]),
                double.CreateTruncating(vectorsPredicted[i + 1]),
                double.CreateTruncating(vectorsPredicted[i + 2]),
                i / 3);
        }

        return sum / (vectorsTrue.Length / 3);
    }

    // The host's formula, term for term: the dot product of the two unit vectors written in angles.
    private static double AngleOf(double a1, double z1, double a2, double z2)
    {
        var s = Math.Sin(z1) * Math.Sin(z2) * (Math.Cos(a1) * Math.Cos(a2) + Math.Sin(a1) * Math.Sin(a2)) +
                Math.Cos(z1) * Math.Cos(z2);
        return Math.Abs(Math.Acos(Math.Clamp(s, -1.0, 1.0)));
    }

    private static double VectorAngle(double x1, double y1, double z1, double x2, double y2, double z2, int row)
    {
        var n1 = Math.Sqrt(x1 * x1 + y1 * y1 + z1 * z1);
        var n2 = Math.Sqrt(x2 * x2 + y2 * y2 + z2 * z2);
        if (!double.IsFinite(n1) || !double.IsFinite(n2) || n1 == 0.0 || n2 == 0.0)
        {
            throw new ArgumentException(
                $"Row {row}: true ({x1}, {y1}, {z1}) and predicted ({x2}, {y2}, {z2}) must be finite, non-zero vectors.");
        }

        var s = (x1 * x2 + y1 * y2 + z1 * z2) / (n1 * n2);
        return Math.Abs(Math.Acos(Math.Clamp(s, -1.0, 1.0)));
    }

    private static void CheckVectorShapes(int trueLength, int predictedLength)
    {
        if (trueLength == 0)
        {
            throw new ArgumentException("The mean angular error of no events is undefined.");
        }

        if (trueLength != predictedLength || trueLength % 3 != 0)
        {
            throw new ArgumentException(
                $"Vector spans must be equal multiples of 3 ([N, 3]); got {trueLength} and {predictedLength}.");
        }
    }

    private static void CheckFinite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; the metric refuses non-finite input.", name);
            }
        }
    }
}
