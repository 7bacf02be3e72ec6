using IceCube.Reco.Kernels;

namespace IceCube.Reco.Training;

/// <summary>
/// The loss a model trains with, named as in <c>model.Compile(optimizer, Loss.Angular)</c>. Each loss fixes how
/// many outputs the network's head has and how they are read.
/// </summary>
public sealed class Loss
{
    private Loss(string name, int outputs, LossKind kind)
    {
        Name = name;
        Outputs = outputs;
        Kind = kind;
    }

    /// <summary>
    /// The mean angle (rad) between the normalised 3-output prediction and the true direction: the competition's
    /// metric itself. The cosine is clamped to +-(1 - 1e-7) before the arccos, so the gradient stays finite; a
    /// zero prediction gives pi/2, never NaN.
    /// </summary>
    public static Loss Angular { get; } = new("angular", 3, LossKind.Angular);

    /// <summary>
    /// The mean squared error (rad^2) on 2 raw outputs read as (azimuth, zenith), as the original notebook trained;
    /// angles are not wrapped.
    /// </summary>
    public static Loss Mse { get; } = new("mse", 2, LossKind.MeanSquaredError);

    /// <summary>
    /// The von Mises-Fisher negative log-likelihood on 3 outputs read as kappa * mu: mu is the predicted direction
    /// and kappa = |output| its concentration (about 1 / sigma^2 for an angular spread sigma in rad), a per-event
    /// certainty. What the winning solutions trained with; stable for small and large kappa.
    /// </summary>
    public static Loss VonMisesFisher { get; } = new("von-mises-fisher", 3, LossKind.VonMisesFisher);

    /// <summary>The loss's name as checkpoints and reports write it: "angular", "mse" or "von-mises-fisher".</summary>
    public string Name { get; }

    /// <summary>The number of outputs the network's last layer must have: 3, 2 or 3.</summary>
    public int Outputs { get; }

    /// <summary>The kernels' name of the loss.</summary>
    internal LossKind Kind { get; }

    /// <summary>The loss of a given <see cref="Name"/> (case-insensitive).</summary>
    /// <param name="name">"angular", "mse" or "von-mises-fisher".</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">The name is none of those.</exception>
    public static Loss Parse(string name)
    {
        foreach (var loss in new[] { Angular, Mse, VonMisesFisher })
        {
            if (string.Equals(loss.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return loss;
            }
        }

        throw new ArgumentException(
            $"Unknown loss \"{name}\"; the losses are \"{Angular.Name}\", \"{Mse.Name}\" and \"{VonMisesFisher.Name}\".",
            nameof(name));
    }

    /// <summary>The loss's <see cref="Name"/>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
