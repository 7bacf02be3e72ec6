namespace IceCube.Reco.Layers;

/// <summary>The pointwise activation a layer applies to its output.</summary>
public enum Activation
{
    /// <summary>No activation: f(x) = x.</summary>
    Linear = 0,

    /// <summary>Rectified linear unit: f(x) = max(0, x); its derivative at 0 is taken as 0.</summary>
    Relu = 1,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,

    /// <summary>Logistic sigmoid: f(x) = 1 / (1 + exp(-x)).</summary>
    Sigmoid = 3,
}
