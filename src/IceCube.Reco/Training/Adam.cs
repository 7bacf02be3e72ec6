using System.Globalization;

namespace IceCube.Reco.Training;

/// <summary>
/// The Adam optimizer's settings (Kingma and Ba; Keras' defaults). With a non-zero <see cref="WeightDecay"/> it is
/// AdamW: the weights shrink by learning rate * weight decay * weight each step, decoupled from the gradient.
/// Its state (the first and second moments of every parameter, and the step count) lives in the model and is saved
/// in checkpoints, so training resumes exactly where it stopped.
/// </summary>
public sealed record Adam
{
    /// <summary>Creates Adam's settings.</summary>
    /// <param name="learningRate">The base step size (the schedule scales it), positive.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the root of the second moment, positive (Keras' 1e-7).</param>
    /// <param name="weightDecay">Decoupled weight decay (AdamW), 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, double weightDecay = 0.0)
    {
        Check(learningRate > 0 && double.IsFinite(learningRate), learningRate, nameof(learningRate), "positive");
        Check(beta1 is >= 0 and < 1, beta1, nameof(beta1), "in [0, 1)");
        Check(beta2 is >= 0 and < 1, beta2, nameof(beta2), "in [0, 1)");
        Check(epsilon > 0 && double.IsFinite(epsilon), epsilon, nameof(epsilon), "positive");
        Check(weightDecay >= 0 && double.IsFinite(weightDecay), weightDecay, nameof(weightDecay), "0 or more");
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>The base learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Decay of the first-moment (mean) average.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment (uncentred variance) average.</summary>
    public double Beta2 { get; }

    /// <summary>The denominator's guard against division by zero.</summary>
    public double Epsilon { get; }

    /// <summary>Decoupled weight decay per step, relative to the learning rate (0: plain Adam).</summary>
    public double WeightDecay { get; }

    /// <summary>A one-line description, e.g. "Adam (learning rate 0.001)".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => WeightDecay == 0
        ? string.Create(CultureInfo.InvariantCulture, $"Adam (learning rate {LearningRate:G6})")
        : string.Create(CultureInfo.InvariantCulture, $"AdamW (learning rate {LearningRate:G6}, weight decay {WeightDecay:G6})");

    private static void Check(bool ok, double value, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Adam's {name} must be {rule}; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
