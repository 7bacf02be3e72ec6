namespace IceCube.Reco.Data;

/// <summary>The reconstructed direction of one event: a model's, or the LineFit baseline's.</summary>
/// <param name="EventId">The event's event_id.</param>
/// <param name="Azimuth">Azimuth in [0, 2 pi) rad.</param>
/// <param name="Zenith">Zenith in [0, pi] rad.</param>
/// <param name="Kappa">The von Mises-Fisher concentration (1/rad², larger is surer) when a model was trained with
/// the von Mises-Fisher loss (<c>Loss.VonMisesFisher</c>), else null.</param>
public readonly record struct EventPrediction(long EventId, double Azimuth, double Zenith, double? Kappa = null)
{
    /// <summary>
    /// The per-event angular uncertainty 1 / sqrt(kappa) in rad (the spread of a von Mises-Fisher distribution with
    /// a large concentration), or null without a kappa.
    /// </summary>
    public double? AngularUncertainty => Kappa is { } kappa ? 1.0 / Math.Sqrt(kappa) : null;
}
