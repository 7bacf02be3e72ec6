using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of one direction of a masked LSTM, return-sequences, with the
/// Keras weight layout, and its full backpropagation through time.
/// </summary>
/// <remarks>
/// <para>Layouts (row-major):</para>
/// <list type="bullet">
/// <item>x [B, L, Cin]: x[b, t, c] at (b * L + t) * Cin + c.</item>
/// <item>Input kernel w [Cin, 4H]: w[c, j] at c * 4H + j. Recurrent kernel u [H, 4H]: u[k, j] at k * 4H + j.</item>
/// <item>One combined bias [4H] (PyTorch's b_ih + b_hh add up to it).</item>
/// <item>The 4H axis holds gate-major blocks of H, in the order i, f, g, o: column j = gate * H + unit.</item>
/// <item>h [B, L, H]: h[b, t, k] at (b * L + t) * H + k.</item>
/// </list>
/// <para>One step, with h_prev = c_prev = 0 at the direction's first step:</para>
/// <code>
/// z = x_t w + h_prev u + bias                       (a row of 4H)
/// i = sigmoid(z_i)  f = sigmoid(z_f)  g = tanh(z_g)  o = sigmoid(z_o)
/// c_t = f * c_prev + i * g
/// h_t = o * tanh(c_t)
/// </code>
/// <para>
/// The forward direction visits t = 0 .. len[b]-1 and its previous step is t - 1; the reverse direction visits
/// t = len[b]-1 .. 0 and its previous step is t + 1, so it starts at the event's last real pulse, not at L - 1.
/// h at t &gt;= len[b] is 0, padded inputs are never read, and gradients never reach them.
/// </para>
/// </remarks>
internal static class LstmReference
{
    /// <summary>The number of gates, i f g o, each a block of H columns along the 4H axis.</summary>
    public const int Gates = 4;

    /// <summary>Number of trainable parameters of one direction: Cin * 4H + H * 4H + 4H.</summary>
    public static int ParameterCount(int inChannels, int hidden) =>
        (inChannels * Gates * hidden) + (hidden * Gates * hidden) + (Gates * hidden);

    /// <summary>The forward pass: the hidden state of every step, h [B, L, H], 0 beyond each event's length.</summary>
    public static double[] Forward(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] w, double[] u, double[] bias, int hidden, bool reverse)
    {
        return Run(x, lengths, batch, steps, inChannels, w, u, bias, hidden, reverse).H;
    }

    /// <summary>
    /// Backpropagation through time given dh [B, L, H] (the gradient of the loss with respect to every output
    /// step): dx [B, L, Cin], dw [Cin, 4H], du [H, 4H], dbias [4H]. dh at padded steps is ignored.
    /// </summary>
    public static (double[] Dx, double[] Dw, double[] Du, double[] Dbias) Backward(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] w, double[] u, double[] bias, int hidden, bool reverse, double[] dh)
    {
        ReferenceArguments.RequireLength(dh, (long)batch * steps * hidden, nameof(dh));

        // Recompute the forward activations (the gates after their nonlinearities, c and h) that BPTT needs.
        States states = Run(x, lengths, batch, steps, inChannels, w, u, bias, hidden, reverse);
        int width = Gates * hidden;
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var du = new double[u.Length];
        var dbias = new double[width];

        // Gradients arriving at step s from step s + 1 of the processing order, through h_prev and c_prev.
        var dhFromNext = new double[hidden];
        var dcFromNext = new double[hidden];
        var dz = new double[width];
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            Array.Clear(dhFromNext);
            Array.Clear(dcFromNext);

            // Walk the processing order backwards: the last step processed is the first one differentiated,
            // because every step's state feeds only the steps processed after it.
            for (int s = length - 1; s >= 0; s--)
            {
                int t = StepTime(s, length, reverse);
                int previous = s == 0 ? -1 : StepTime(s - 1, length, reverse);
                int gateRow = ((b * steps) + t) * width;
                int stateRow = ((b * steps) + t) * hidden;
                int previousRow = previous < 0 ? -1 : ((b * steps) + previous) * hidden;

                for (int k = 0; k < hidden; k++)
                {
                    double gi = states.Gates[gateRow + k];
                    double gf = states.Gates[gateRow + hidden + k];
                    double gg = states.Gates[gateRow + (2 * hidden) + k];
                    double go = states.Gates[gateRow + (3 * hidden) + k];
                    double cPrevious = previousRow < 0 ? 0.0 : states.C[previousRow + k];
                    double tanhC = Math.Tanh(states.C[stateRow + k]);

                    // h_t feeds the output at t and the next processed step.
                    double dht = dh[stateRow + k] + dhFromNext[k];

                    // h = o * tanh(c): one path to o, one to c; c also feeds the next step's c through f.
                    double dgo = dht * tanhC;
                    double dct = dcFromNext[k] + (dht * go * (1.0 - (tanhC * tanhC)));

                    // c = f * c_prev + i * g, then through each gate's nonlinearity:
                    // sigmoid' = s (1 - s), tanh' = 1 - tanh^2.
                    dz[k] = dct * gg * gi * (1.0 - gi);
                    dz[hidden + k] = dct * cPrevious * gf * (1.0 - gf);
                    dz[(2 * hidden) + k] = dct * gi * (1.0 - (gg * gg));
                    dz[(3 * hidden) + k] = dgo * go * (1.0 - go);
                    dcFromNext[k] = dct * gf;
                }

                // z = x_t w + h_prev u + bias: the parameter gradients add over steps and events.
                int inputRow = ((b * steps) + t) * inChannels;
                for (int j = 0; j < width; j++)
                {
                    dbias[j] += dz[j];
                }

                for (int c = 0; c < inChannels; c++)
                {
                    double xc = x[inputRow + c];
                    double sum = 0.0;
                    for (int j = 0; j < width; j++)
                    {
                        dw[(c * width) + j] += xc * dz[j];
                        sum += w[(c * width) + j] * dz[j];
                    }

                    dx[inputRow + c] = sum;
                }

                for (int k = 0; k < hidden; k++)
                {
                    double hPrevious = previousRow < 0 ? 0.0 : states.H[previousRow + k];
                    double sum = 0.0;
                    for (int j = 0; j < width; j++)
                    {
                        du[(k * width) + j] += hPrevious * dz[j];
                        sum += u[(k * width) + j] * dz[j];
                    }

                    // At the first processed step h_prev is the constant 0: the gradient stops there.
                    dhFromNext[k] = sum;
                }
            }
        }

        return (dx, dw, du, dbias);
    }

    /// <summary>The time index of the s-th processed step of an event of the given length.</summary>
    private static int StepTime(int s, int length, bool reverse) => reverse ? length - 1 - s : s;

    /// <summary>
    /// Runs the recurrence and keeps every step's activated gates [B, L, 4H] (i, f, g, o blocks), cell state
    /// c [B, L, H] and hidden state h [B, L, H]; all are 0 at padded steps.
    /// </summary>
    private static States Run(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] w, double[] u, double[] bias, int hidden, bool reverse)
    {
        ReferenceArguments.RequirePositive(inChannels, nameof(inChannels));
        ReferenceArguments.RequirePositive(hidden, nameof(hidden));
        ReferenceArguments.RequireLengths(lengths, batch, steps);
        int width = Gates * hidden;
        ReferenceArguments.RequireLength(x, (long)batch * steps * inChannels, nameof(x));
        ReferenceArguments.RequireLength(w, (long)inChannels * width, nameof(w));
        ReferenceArguments.RequireLength(u, (long)hidden * width, nameof(u));
        ReferenceArguments.RequireLength(bias, width, nameof(bias));

        var gates = new double[batch * steps * width];
        var c = new double[batch * steps * hidden];
        var h = new double[batch * steps * hidden];
        var z = new double[width];
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];

            // Events are independent; within one, step s needs step s - 1, so time is the sequential loop.
            for (int s = 0; s < length; s++)
            {
                int t = StepTime(s, length, reverse);
                int previous = s == 0 ? -1 : StepTime(s - 1, length, reverse);
                int inputRow = ((b * steps) + t) * inChannels;
                int previousRow = previous < 0 ? -1 : ((b * steps) + previous) * hidden;
                for (int j = 0; j < width; j++)
                {
                    double sum = bias[j];
                    for (int ci = 0; ci < inChannels; ci++)
                    {
                        sum += x[inputRow + ci] * w[(ci * width) + j];
                    }

                    if (previousRow >= 0)
                    {
                        for (int k = 0; k < hidden; k++)
                        {
                            sum += h[previousRow + k] * u[(k * width) + j];
                        }
                    }

                    z[j] = sum;
                }

                int gateRow = ((b * steps) + t) * width;
                int stateRow = ((b * steps) + t) * hidden;
                for (int k = 0; k < hidden; k++)
                {
                    double gi = ReferenceActivationFunctions.Sigmoid(z[k]);
                    double gf = ReferenceActivationFunctions.Sigmoid(z[hidden + k]);
                    double gg = Math.Tanh(z[(2 * hidden) + k]);
                    double go = ReferenceActivationFunctions.Sigmoid(z[(3 * hidden) + k]);
                    double cPrevious = previousRow < 0 ? 0.0 : c[previousRow + k];
                    double ct = (gf * cPrevious) + (gi * gg);
                    gates[gateRow + k] = gi;
                    gates[gateRow + hidden + k] = gf;
                    gates[gateRow + (2 * hidden) + k] = gg;
                    gates[gateRow + (3 * hidden) + k] = go;
                    c[stateRow + k] = ct;
                    h[stateRow + k] = go * Math.Tanh(ct);
                }
            }
        }

        return new States(gates, c, h);
    }

    /// <summary>The stored forward activations BPTT reads.</summary>
    private readonly record struct States(double[] Gates, double[] C, double[] H);
}
