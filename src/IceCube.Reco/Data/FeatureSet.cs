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
}
