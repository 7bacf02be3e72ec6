namespace IceCube.Reco.Kernels;

/// <summary>The losses <see cref="LossKernels"/> computes on the network's outputs.</summary>
internal enum LossKind
{
    /// <summary>The angle (rad) between the normalised 3-vector output and the unit target.</summary>
    Angular = 0,

    /// <summary>The mean squared error over the outputs (2 raw angles in the notebook preset).</summary>
    MeanSquaredError = 1,

    /// <summary>The von Mises-Fisher negative log-likelihood of the 3 outputs read as kappa * mu.</summary>
    VonMisesFisher = 2,
}
