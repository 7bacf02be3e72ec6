using IceCube.Reco.Kernels;

namespace IceCube.Reco.Tests.Compute;

/// <summary>The elementwise ops in double precision, written from their definitions.</summary>
internal static class ElementwiseReference
{
    public static double Activate(ActivationKind kind, double x) => kind switch
    {
        ActivationKind.Relu => Math.Max(0, x),
        ActivationKind.Tanh => Math.Tanh(x),
        ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-x)),
        _ => x,
    };

    /// <summary>f'(x) from the input x (not the output), so it checks the kernels' output-based formulas.</summary>
    public static double Derivative(ActivationKind kind, double x) => kind switch
    {
        ActivationKind.Relu => x > 0 ? 1 : 0,
        ActivationKind.Tanh => 1 / (Math.Cosh(x) * Math.Cosh(x)),
        ActivationKind.Sigmoid => Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x))),
        _ => 1,
    };

    public static double[] AddBias(float[] x, float[] bias)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = (double)x[i] + bias[i % bias.Length];
        }

        return y;
    }

    public static double[] Axpy(double alpha, float[] x, float[] y)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = y[i] + alpha * x[i];
        }

        return result;
    }
}
