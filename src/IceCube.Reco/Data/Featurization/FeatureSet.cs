namespace IceCube.Reco.Data;

/// <summary>Which per-pulse features the featuriser computes, and how they are scaled.</summary>
public enum FeatureSet
{
    /// <summary>
    /// Six features: x, y, z divided by <see cref="FeaturizationOptions.PositionScale"/> (m), time since the event's
    /// first pulse divided by <see cref="FeaturizationOptions.TimeScale"/> (ns), log10(charge in p.e.) divided by
    /// <see cref="FeaturizationOptions.LogChargeScale"/>, and the auxiliary flag as 0 or 1.
    /// </summary>
    PositionTimeChargeAuxiliary,

    /// <summary>
    /// Five features, as the original Keras notebook built them: time, charge, x, y, z, each standardised over the
    /// event's kept pulses (minus their mean, divided by their standard deviation; 0 where the deviation is 0).
    /// </summary>
    StandardizedTimeChargePosition,

    /// <summary>
    /// Twelve features centred on the event: x, y, z divided by <see cref="FeaturizationOptions.PositionScale"/> (m);
    /// dx, dy, dz = position minus the event centre, divided by the same scale; dt = time minus the event time,
    /// divided by <see cref="FeaturizationOptions.TimeScale"/> (ns); log10(charge in p.e.) divided by
    /// <see cref="FeaturizationOptions.LogChargeScale"/>; the auxiliary flag as 0 or 1; and the products dx * dt,
    /// dy * dt, dz * dt, which are 0 for auxiliary pulses. The event centre and time are the charge-weighted means of
    /// position and time over the kept non-auxiliary pulses (over all kept pulses when none is non-auxiliary).
    /// The products are the terms of LineFit's least-squares slope, so averaging them over the sequence points along
    /// the track: the network can start from that and learn corrections, while the direction is still inferred
    /// from the pulses alone. Meant for <see cref="FeaturizationOptions.Centred"/>'s scales (300 m, 1,000 ns).
    /// </summary>
    Centred,
}
