namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// The activations a layer can fuse after its affine part. <see cref="ReferenceActivationFunctions"/>
/// gives each one's value and derivative, both as functions of the pre-activation z.
/// </summary>
internal enum ReferenceActivation
{
    /// <summary>a(z) = z.</summary>
    Linear,

    /// <summary>a(z) = max(0, z); the derivative at exactly z = 0 is taken as 0 (as Keras and PyTorch do).</summary>
    Relu,

    /// <summary>a(z) = tanh(z).</summary>
    Tanh,

    /// <summary>a(z) = 1 / (1 + exp(-z)).</summary>
    Sigmoid,
}
