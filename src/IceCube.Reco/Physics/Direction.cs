namespace IceCube.Reco.Physics;

/// <summary>
/// Converts between (azimuth, zenith) in radians and the unit vector that points TO the source
/// (the particle travels along the negative of it), as the Kaggle competition defines them:
/// u = (cos(az) sin(zen), sin(az) sin(zen), cos(zen)).
/// </summary>
public static class Direction
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>The unit vector for a direction given by its angles.</summary>
    /// <param name="azimuth">Azimuth in radians; any finite value (it is periodic).</param>
    /// <param name="zenith">Zenith in radians, 0 = from straight above.</param>
    /// <returns>The unit vector pointing to the source.</returns>
    /// <exception cref="ArgumentException">An angle is NaN or infinite.</exception>
    public static (double X, double Y, double Z) ToUnitVector(double azimuth, double zenith)
    {
        if (!double.IsFinite(azimuth))
        {
            throw new ArgumentException($"Azimuth must be finite, got {azimuth}.", nameof(azimuth));
        }

        if (!double.IsFinite(zenith))
        {
            throw new ArgumentException($"Zenith must be finite, got {zenith}.", nameof(zenith));
        }

        var (sinZenith, cosZenith) = Math.SinCos(zenith);
        var (sinAzimuth, cosAzimuth) = Math.SinCos(azimuth);
        return (cosAzimuth * sinZenith, sinAzimuth * sinZenith, cosZenith);
    }

    /// <summary>
    /// The angles of a direction vector; the vector is normalised first, so any non-zero length works.
    /// </summary>
    /// <param name="x">x component.</param>
    /// <param name="y">y component.</param>
    /// <param name="z">z component (up).</param>
    /// <returns>Azimuth in [0, 2pi) and zenith in [0, pi], radians.</returns>
    /// <exception cref="ArgumentException">A component is not finite, or the vector has zero length.</exception>
    public static (double Azimuth, double Zenith) FromUnitVector(double x, double y, double z)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
        {
            throw new ArgumentException($"Direction vector ({x}, {y}, {z}) has a non-finite component.");
        }

        // Scale by the largest component first so the squared norm cannot overflow or underflow.
        var scale = Math.Max(Math.Abs(x), Math.Max(Math.Abs(y), Math.Abs(z)));
        if (scale == 0.0)
        {
            throw new ArgumentException("Direction vector has zero length; it has no direction.");
        }

        x /= scale;
        y /= scale;
        z /= scale;
        var norm = Math.Sqrt(x * x + y * y + z * z);
        var zenith = Math.Acos(Math.Clamp(z / norm, -1.0, 1.0));
        var azimuth = Math.Atan2(y, x);
        if (azimuth < 0.0)
        {
            azimuth += TwoPi;
        }

        // atan2 of a tiny negative y gives -0 or -epsilon, which plus 2pi rounds to exactly 2pi.
        if (azimuth >= TwoPi)
        {
            azimuth = 0.0;
        }

        return (azimuth, zenith);
    }
}
