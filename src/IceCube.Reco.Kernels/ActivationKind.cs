namespace IceCube.Reco.Kernels;

/// <summary>Pointwise activation functions the elementwise kernels apply.</summary>
internal enum ActivationKind
{
    /// <summary>f(x) = x.</summary>
    Identity = 0,

    /// <summary>f(x) = max(0, x).</summary>
    Relu = 1,

    /// <summary>f(x) = tanh(x).</summary>
    Tanh = 2,

    /// <summary>f(x) = 1 / (1 + exp(-x)).</summary>
    Sigmoid = 3,
}
