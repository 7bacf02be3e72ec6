namespace IceCube.Reco.Training;

/// <summary>
/// The loss a model trains with, as in <c>Compile(optimizer, Loss.Angular)</c>. It fixes the number of outputs of the
/// network's last layer and how they are read.
/// </summary>
public sealed class Loss
{
    private Loss(string name, int outputs)
    {
        Name = name;
        Outputs = outputs;
    }

    /// <summary>
    /// The angle (rad) between the normalised 3-output prediction and the true direction, averaged: the competition
    /// metric itself.
    /// </summary>
    public static Loss Angular { get; } = new("angular", 3);

    /// <summary>Mean squared error on 2 raw outputs read as (azimuth, zenith) in rad, as the original notebook.</summary>
    public static Loss Mse { get; } = new("mse", 2);

    /// <summary>
    /// The von Mises-Fisher negative log-likelihood on 3 outputs read as kappa * mu: mu is the direction, kappa =
    /// |output| a per-event concentration (about 1 / sigma² for an angular spread sigma in rad).
    /// </summary>
    public static Loss VonMisesFisher { get; } = new("von-mises-fisher", 3);

    /// <summary>The loss's name: "angular", "mse" or "von-mises-fisher".</summary>
    public string Name { get; }

    /// <summary>The outputs the last layer must have.</summary>
    public int Outputs { get; }

    /// <summary>The loss with a given <see cref="Name"/> (case-insensitive).</summary>
    /// <param name="name">"angular", "mse" or "von-mises-fisher".</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">No loss has that name.</exception>
    public static Loss Parse(string name)
    {
        foreach (var loss in new[] { Angular, Mse, VonMisesFisher })
        {
            if (string.Equals(loss.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return loss;
            }
        }

        throw new ArgumentException($"Unknown loss \"{name}\": use \"angular\", \"mse\" or \"von-mises-fisher\".", nameof(name));
    }

    /// <summary>The loss's <see cref="Name"/>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
