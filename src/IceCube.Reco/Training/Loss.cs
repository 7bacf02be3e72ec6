namespace IceCube.Reco.Training;

/// <summary>The loss a model is trained with; it also fixes how the network's outputs are read.</summary>
public enum Loss
{
    /// <summary>
    /// The angle between the predicted and the true direction: 3 outputs, normalised to a unit vector (the
    /// competition metric itself, so training optimises what is scored).
    /// </summary>
    Angular = 0,

    /// <summary>
    /// Mean squared error on the raw (azimuth, zenith) in radians, as the original notebook: 2 outputs, wrapped into
    /// range when read (azimuth modulo 2 pi, zenith reflected into [0, pi]).
    /// </summary>
    MeanSquaredError = 1,

    /// <summary>
    /// The negative log-likelihood of a von Mises-Fisher distribution on the sphere: 3 outputs read as kappa * mu,
    /// so the direction is mu and the length kappa is a per-event concentration (an uncertainty of about
    /// 1 / sqrt(kappa) rad).
    /// </summary>
    VonMisesFisher = 2,
}
