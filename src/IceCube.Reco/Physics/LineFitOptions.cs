namespace IceCube.Reco.Physics;

/// <summary>Settings of <see cref="LineFit"/>.</summary>
public sealed record LineFitOptions
{
    /// <summary>The classic fit on non-auxiliary pulses (falling back to all pulses below 5 of them).</summary>
    public static LineFitOptions Default { get; } = new();

    /// <summary>
    /// True for the improved line fit: after the least-squares fit, pulses far from the fitted line are
    /// down-weighted (Huber weights, <see cref="HuberDistance"/>) and the fit repeated, which resists scattered and
    /// noise pulses. False for the classic fit.
    /// </summary>
    public bool Improved { get; init; }

    /// <summary>
    /// True (the default) fits only non-auxiliary pulses, which are far less often noise; false fits all pulses.
    /// </summary>
    public bool NonAuxiliaryOnly { get; init; } = true;

    /// <summary>
    /// With <see cref="NonAuxiliaryOnly"/>, events with fewer non-auxiliary pulses than this use all their pulses
    /// instead; at least 2. Default 5.
    /// </summary>
    public int MinimumPulses { get; init; } = 5;

    /// <summary>Distance (m) from the fitted line beyond which the improved fit down-weights a pulse; positive. Default 150 m.</summary>
    public double HuberDistance { get; init; } = 150.0;

    /// <summary>Reweighting rounds of the improved fit, at least 1. Default 8.</summary>
    public int Iterations { get; init; } = 8;

    internal void Validate()
    {
        if (MinimumPulses < 2)
        {
            throw new ArgumentException($"{nameof(MinimumPulses)} must be at least 2, got {MinimumPulses}.", nameof(MinimumPulses));
        }

        if (!(HuberDistance > 0.0) || !double.IsFinite(HuberDistance))
        {
            throw new ArgumentException($"{nameof(HuberDistance)} must be a positive number of metres, got {HuberDistance}.", nameof(HuberDistance));
        }

        if (Iterations < 1)
        {
            throw new ArgumentException($"{nameof(Iterations)} must be at least 1, got {Iterations}.", nameof(Iterations));
        }
    }
}
