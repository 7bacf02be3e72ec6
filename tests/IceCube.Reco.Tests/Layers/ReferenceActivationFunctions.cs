namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// Values and derivatives of <see cref="ReferenceActivation"/>, in double precision. Derivatives take the
/// pre-activation z (not the activation's output): the references recompute z in their backward passes,
/// which keeps the formula obvious for every activation including ReLU's kink.
/// </summary>
internal static class ReferenceActivationFunctions
{
    /// <summary>a(z) for the given activation.</summary>
    public static double Apply(this ReferenceActivation activation, double z) => activation switch
    {
        ReferenceActivation.Linear => z,
        ReferenceActivation.Relu => z > 0.0 ? z : 0.0,
        ReferenceActivation.Tanh => Math.Tanh(z),
        ReferenceActivation.Sigmoid => Sigmoid(z),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>da/dz at the pre-activation <paramref name="z"/>.</summary>
    public static double Derivative(this ReferenceActivation activation, double z)
    {
        switch (activation)
        {
            case ReferenceActivation.Linear:
                return 1.0;
            case ReferenceActivation.Relu:
                // The kink at 0 gets the subgradient 0; gradient checks keep their points away from it.
                return z > 0.0 ? 1.0 : 0.0;
            case ReferenceActivation.Tanh:
                double t = Math.Tanh(z);
                return 1.0 - (t * t);
            case ReferenceActivation.Sigmoid:
                double s = Sigmoid(z);
                return s * (1.0 - s);
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>
    /// The logistic function 1 / (1 + exp(-z)), written in the form that never overflows: for z &lt; 0
    /// the equivalent exp(z) / (1 + exp(z)) keeps the exponent's argument negative.
    /// </summary>
    public static double Sigmoid(double z)
    {
        if (z >= 0.0)
        {
            return 1.0 / (1.0 + Math.Exp(-z));
        }

        double e = Math.Exp(z);
        return e / (1.0 + e);
    }
}
