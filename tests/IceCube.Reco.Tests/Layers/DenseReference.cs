using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// The double-precision specification of the fully connected layer:
/// x [B, In] (x[b, i] at b * In + i), w [In, Out] (the Keras layout, w[i, o] at i * Out + o), bias [Out],
/// <c>y[b, o] = act(bias[o] + sum_i x[b, i] * w[i, o])</c>, y [B, Out] at b * Out + o.
/// </summary>
internal static class DenseReference
{
    /// <summary>Number of trainable parameters: In * Out weights plus Out biases.</summary>
    public static int ParameterCount(int inputs, int outputs) => (inputs * outputs) + outputs;

    /// <summary>The forward pass: y [B, Out].</summary>
    public static double[] Forward(
        double[] x, int batch, int inputs, double[] w, double[] bias, int outputs, ReferenceActivation activation)
    {
        double[] z = PreActivation(x, batch, inputs, w, bias, outputs);
        var y = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            y[i] = activation.Apply(z[i]);
        }

        return y;
    }

    /// <summary>
    /// The backward pass given dy [B, Out]: dx [B, In] = dz w^T, dw [In, Out] = x^T dz, dbias [Out] = sum_b dz,
    /// with dz = dy * act'(z).
    /// </summary>
    public static (double[] Dx, double[] Dw, double[] Dbias) Backward(
        double[] x, int batch, int inputs, double[] w, double[] bias, int outputs, ReferenceActivation activation,
        double[] dy)
    {
        ReferenceArguments.RequireLength(dy, (long)batch * outputs, nameof(dy));
        double[] z = PreActivation(x, batch, inputs, w, bias, outputs);
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var dbias = new double[outputs];
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double dz = dy[(b * outputs) + o] * activation.Derivative(z[(b * outputs) + o]);
                dbias[o] += dz;
                for (int i = 0; i < inputs; i++)
                {
                    dw[(i * outputs) + o] += x[(b * inputs) + i] * dz;
                    dx[(b * inputs) + i] += w[(i * outputs) + o] * dz;
                }
            }
        }

        return (dx, dw, dbias);
    }

    private static double[] PreActivation(double[] x, int batch, int inputs, double[] w, double[] bias, int outputs)
    {
        ReferenceArguments.RequireNonNegative(batch, nameof(batch));
        ReferenceArguments.RequirePositive(inputs, nameof(inputs));
        ReferenceArguments.RequirePositive(outputs, nameof(outputs));
        ReferenceArguments.RequireLength(x, (long)batch * inputs, nameof(x));
        ReferenceArguments.RequireLength(w, (long)inputs * outputs, nameof(w));
        ReferenceArguments.RequireLength(bias, outputs, nameof(bias));
        var z = new double[batch * outputs];
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = bias[o];
                for (int i = 0; i < inputs; i++)
                {
                    sum += x[(b * inputs) + i] * w[(i * outputs) + o];
                }

                z[(b * outputs) + o] = sum;
            }
        }

        return z;
    }
}
