using IceCube.Reco.Data;
using IceCube.Reco.Physics;

namespace IceCube.Reco.Training;

/// <summary>
/// Reads a network's raw outputs as a direction, per the loss (ARCHITECTURE.md, "Conventions of the network"):
/// MSE's 2 outputs are (azimuth, zenith) wrapped into range; angular's 3 are a direction vector; von Mises-Fisher's
/// 3 are kappa * mu, so their length is the concentration kappa.
/// </summary>
internal static class OutputHead
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>The prediction for one event's outputs.</summary>
    /// <exception cref="InvalidOperationException">An output is not finite (the weights have diverged).</exception>
    public static EventPrediction Read(Loss loss, long eventId, ReadOnlySpan<float> outputs)
    {
        foreach (float value in outputs)
        {
            if (!float.IsFinite(value))
            {
                throw new InvalidOperationException(
                    $"The model's output for event {eventId} is not finite ({string.Join(", ", outputs.ToArray())}): its weights have diverged.");
            }
        }

        if (loss == Loss.Mse)
        {
            var (azimuth, zenith) = WrapAngles(outputs[0], outputs[1]);
            return new EventPrediction(eventId, azimuth, zenith);
        }

        double x = outputs[0], y = outputs[1], z = outputs[2];
        double norm = Math.Sqrt((x * x) + (y * y) + (z * z));

        // An exactly zero vector has no direction; the horizon stands in (the kernels' losses clamp the norm alike).
        var (az, zen) = norm > 0 ? Direction.FromUnitVector(x, y, z) : (0.0, Math.PI / 2);
        return new EventPrediction(eventId, az, zen, loss == Loss.VonMisesFisher ? norm : null);
    }

    /// <summary>
    /// Any (azimuth, zenith) as the same direction with azimuth in [0, 2 pi) and zenith in [0, pi]: zenith is taken
    /// modulo 2 pi, and a zenith past the pole (pi, 2 pi) is reflected (2 pi - zenith) with the azimuth turned by pi.
    /// </summary>
    public static (double Azimuth, double Zenith) WrapAngles(double azimuth, double zenith)
    {
        zenith = Modulo(zenith);
        if (zenith > Math.PI)
        {
            zenith = TwoPi - zenith;
            azimuth += Math.PI;
        }

        return (Modulo(azimuth), zenith);
    }

    private static double Modulo(double angle)
    {
        double wrapped = angle % TwoPi;
        if (wrapped < 0)
        {
            wrapped += TwoPi;
        }

        // A tiny negative angle plus 2 pi can round to exactly 2 pi, which is outside [0, 2 pi).
        return wrapped >= TwoPi ? 0.0 : wrapped;
    }
}
