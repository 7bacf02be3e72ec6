using System.Globalization;

namespace IceCube.Reco.Training;

/// <summary>
/// How the learning rate changes over the optimizer steps of one <see cref="Model.Fit"/> call: a factor of
/// <see cref="Adam.LearningRate"/> for each step. <see cref="Constant"/> keeps it; <see cref="Cosine"/> warms up
/// linearly, then follows half a cosine down to a final fraction.
/// </summary>
public sealed class LearningRateSchedule
{
    private LearningRateSchedule(bool cosine, double finalFraction, long warmupSteps)
    {
        IsCosine = cosine;
        FinalFraction = finalFraction;
        WarmupSteps = warmupSteps;
    }

    /// <summary>The base learning rate at every step.</summary>
    public static LearningRateSchedule Constant { get; } = new(false, 1.0, 0);

    /// <summary>True for a cosine schedule.</summary>
    public bool IsCosine { get; }

    /// <summary>The factor the cosine ends at (1 for <see cref="Constant"/>).</summary>
    public double FinalFraction { get; }

    /// <summary>Steps of linear warm-up before the cosine starts (0: none).</summary>
    public long WarmupSteps { get; }

    /// <summary>
    /// Linear warm-up over <paramref name="warmupSteps"/> steps (factor (s + 1) / warmup at step s), then
    /// half a cosine from 1 down to <paramref name="finalFraction"/> at the last step.
    /// </summary>
    /// <param name="finalFraction">The factor at the last step, in [0, 1].</param>
    /// <param name="warmupSteps">Steps of linear warm-up, 0 or more.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Cosine(double finalFraction = 0.0, long warmupSteps = 0)
    {
        if (!(finalFraction is >= 0.0 and <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(finalFraction), finalFraction, "The final fraction must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        return new LearningRateSchedule(true, finalFraction, warmupSteps);
    }

    /// <summary>The factor of the base learning rate at a step.</summary>
    /// <param name="step">The step within the fit, from 0.</param>
    /// <param name="totalSteps">Steps the fit is expected to take (at least 1).</param>
    /// <returns>The factor, in (0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or <paramref name="totalSteps"/> below 1.</exception>
    public double Factor(long step, long totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (!IsCosine)
        {
            return 1.0;
        }

        if (step < WarmupSteps)
        {
            return (step + 1.0) / WarmupSteps;
        }

        // The decay spans the steps after warm-up; the last step (totalSteps - 1) lands on the final fraction.
        long decaySteps = Math.Max(1, totalSteps - WarmupSteps - 1);
        double progress = Math.Clamp((double)(step - WarmupSteps) / decaySteps, 0.0, 1.0);
        double factor = FinalFraction + (1.0 - FinalFraction) * 0.5 * (1.0 + Math.Cos(Math.PI * progress));

        // A final fraction of 0 would make the last step a no-op; the factor stays strictly positive.
        return Math.Max(factor, 1e-9);
    }

    /// <summary>A one-line description.</summary>
    /// <returns>"constant" or "cosine (final 0.1, warm-up 100 steps)".</returns>
    public override string ToString() => IsCosine
        ? string.Create(CultureInfo.InvariantCulture, $"cosine (final {FinalFraction:G4}, warm-up {WarmupSteps} steps)")
        : "constant";
}
