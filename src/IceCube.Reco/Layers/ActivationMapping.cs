using IceCube.Reco.Kernels;

namespace IceCube.Reco.Layers;

/// <summary>Maps the public <see cref="Activation"/> to the kernels' <see cref="ActivationKind"/>.</summary>
internal static class ActivationMapping
{
    /// <summary>The kernels' name for <paramref name="activation"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined activation.</exception>
    public static ActivationKind ToKernel(this Activation activation) => activation switch
    {
        Activation.Linear => ActivationKind.Identity,
        Activation.Relu => ActivationKind.Relu,
        Activation.Tanh => ActivationKind.Tanh,
        Activation.Sigmoid => ActivationKind.Sigmoid,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
