using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of the masked 1D convolution: 'same' padding, stride 1, odd kernel,
/// bias, fused activation. The float kernels are tested against it.
/// </summary>
/// <remarks>
/// <para>Layouts (all row-major, channels last):</para>
/// <list type="bullet">
/// <item>x [B, L, Cin]: x[b, t, c] at (b * L + t) * Cin + c.</item>
/// <item>w [K, Cin, Cout] (the Keras layout): w[k, c, o] at (k * Cin + c) * Cout + o.</item>
/// <item>bias [Cout]; y [B, L, Cout]: y[b, t, o] at (b * L + t) * Cout + o.</item>
/// </list>
/// <para>The math, for t &lt; len[b]:</para>
/// <c>z[b,t,o] = bias[o] + sum_{k, c} w[k, c, o] * x[b, t + k - K/2, c]</c>, where a term is taken only when
/// 0 &lt;= t + k - K/2 &lt; len[b]; <c>y[b,t,o] = act(z[b,t,o])</c>. For t &gt;= len[b], y = 0.
/// <para>
/// So the 'same' zero padding starts at the event's true length, not at L: the padded steps of an event are
/// never read, and the last real steps see zeros beyond them exactly as if the event had been stored
/// with L = len[b]. Gradients follow the same rule: nothing flows to or from positions t &gt;= len[b].
/// </para>
/// </remarks>
internal static class Conv1DReference
{
    /// <summary>Number of trainable parameters: K * Cin * Cout weights plus Cout biases.</summary>
    public static int ParameterCount(int kernelSize, int inChannels, int outChannels) =>
        (kernelSize * inChannels * outChannels) + outChannels;

    /// <summary>The forward pass: y [B, L, Cout] from x [B, L, Cin] (see the class remarks for the math).</summary>
    public static double[] Forward(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] w, double[] bias, int kernelSize, int outChannels, ReferenceActivation activation)
    {
        double[] z = PreActivation(x, lengths, batch, steps, inChannels, w, bias, kernelSize, outChannels);
        var y = new double[z.Length];
        for (int b = 0; b < batch; b++)
        {
            // Only real steps are activated: act(0) need not be 0 (sigmoid), and padded outputs must be.
            for (int t = 0; t < lengths[b]; t++)
            {
                for (int o = 0; o < outChannels; o++)
                {
                    int i = (((b * steps) + t) * outChannels) + o;
                    y[i] = activation.Apply(z[i]);
                }
            }
        }

        return y;
    }

    /// <summary>
    /// The backward pass given dy [B, L, Cout]: dx [B, L, Cin], dw [K, Cin, Cout], dbias [Cout].
    /// Values of dy at padded positions are ignored; dx at padded positions is 0.
    /// </summary>
    public static (double[] Dx, double[] Dw, double[] Dbias) Backward(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] w, double[] bias, int kernelSize, int outChannels, ReferenceActivation activation,
        double[] dy)
    {
        ReferenceArguments.RequireLength(dy, (long)batch * steps * outChannels, nameof(dy));

        // The activation's derivative needs z, recomputed rather than stored.
        double[] z = PreActivation(x, lengths, batch, steps, inChannels, w, bias, kernelSize, outChannels);
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var dbias = new double[outChannels];
        int half = kernelSize / 2;
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            for (int t = 0; t < length; t++)
            {
                for (int o = 0; o < outChannels; o++)
                {
                    int outIndex = (((b * steps) + t) * outChannels) + o;
                    double dz = dy[outIndex] * activation.Derivative(z[outIndex]);

                    // Every output sums into the parameter gradients: they add over b and t.
                    dbias[o] += dz;
                    for (int k = 0; k < kernelSize; k++)
                    {
                        int source = t + k - half;
                        if (source < 0 || source >= length)
                        {
                            continue;
                        }

                        for (int c = 0; c < inChannels; c++)
                        {
                            int inIndex = (((b * steps) + source) * inChannels) + c;
                            int weightIndex = (((k * inChannels) + c) * outChannels) + o;

                            // The forward term w * x is bilinear: each factor's gradient is dz times the other.
                            dw[weightIndex] += x[inIndex] * dz;
                            dx[inIndex] += w[weightIndex] * dz;
                        }
                    }
                }
            }
        }

        return (dx, dw, dbias);
    }

    /// <summary>z [B, L, Cout] before the activation, 0 at padded positions.</summary>
    private static double[] PreActivation(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] w, double[] bias, int kernelSize, int outChannels)
    {
        ReferenceArguments.RequirePositive(inChannels, nameof(inChannels));
        ReferenceArguments.RequirePositive(outChannels, nameof(outChannels));
        ReferenceArguments.RequirePositive(kernelSize, nameof(kernelSize));
        if (kernelSize % 2 == 0)
        {
            throw new ArgumentException($"'kernelSize' must be odd for 'same' padding, got {kernelSize}.", nameof(kernelSize));
        }

        ReferenceArguments.RequireLengths(lengths, batch, steps);
        ReferenceArguments.RequireLength(x, (long)batch * steps * inChannels, nameof(x));
        ReferenceArguments.RequireLength(w, (long)kernelSize * inChannels * outChannels, nameof(w));
        ReferenceArguments.RequireLength(bias, outChannels, nameof(bias));

        var z = new double[batch * steps * outChannels];
        int half = kernelSize / 2;
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            for (int t = 0; t < length; t++)
            {
                for (int o = 0; o < outChannels; o++)
                {
                    double sum = bias[o];

                    // Tap k reads step t + k - K/2: k = K/2 is the centre; taps falling outside the event's
                    // real steps are the zero padding and contribute nothing.
                    for (int k = 0; k < kernelSize; k++)
                    {
                        int source = t + k - half;
                        if (source < 0 || source >= length)
                        {
                            continue;
                        }

                        for (int c = 0; c < inChannels; c++)
                        {
                            sum += w[(((k * inChannels) + c) * outChannels) + o] * x[(((b * steps) + source) * inChannels) + c];
                        }
                    }

                    z[(((b * steps) + t) * outChannels) + o] = sum;
                }
            }
        }

        return z;
    }
}
