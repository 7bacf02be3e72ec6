using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of the bidirectional LSTM (return-sequences): two independent
/// <see cref="LstmReference"/> directions, each with its own w [Cin, 4H], u [H, 4H] and bias [4H], reading the
/// same x [B, L, Cin]. The output y [B, L, 2H] holds the forward direction's h in channels 0..H-1 and the
/// reverse direction's in H..2H-1: y[b, t, k] at (b * L + t) * 2H + k. y is 0 at t &gt;= len[b].
/// </summary>
internal static class BiLstmReference
{
    /// <summary>Number of trainable parameters: two directions of <see cref="LstmReference.ParameterCount"/>.</summary>
    public static int ParameterCount(int inChannels, int hidden) => 2 * LstmReference.ParameterCount(inChannels, hidden);

    /// <summary>The forward pass: y [B, L, 2H], forward half first.</summary>
    public static double[] Forward(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] forwardW, double[] forwardU, double[] forwardBias,
        double[] reverseW, double[] reverseU, double[] reverseBias, int hidden)
    {
        double[] forward = LstmReference.Forward(
            x, lengths, batch, steps, inChannels, forwardW, forwardU, forwardBias, hidden, reverse: false);
        double[] reverse = LstmReference.Forward(
            x, lengths, batch, steps, inChannels, reverseW, reverseU, reverseBias, hidden, reverse: true);
        var y = new double[batch * steps * 2 * hidden];
        for (int row = 0; row < batch * steps; row++)
        {
            Array.Copy(forward, row * hidden, y, row * 2 * hidden, hidden);
            Array.Copy(reverse, row * hidden, y, (row * 2 * hidden) + hidden, hidden);
        }

        return y;
    }

    /// <summary>
    /// The backward pass given dy [B, L, 2H]: dx [B, L, Cin] (the two directions' contributions added, since
    /// both read x) and each direction's dw, du, dbias.
    /// </summary>
    public static (double[] Dx,
        (double[] Dw, double[] Du, double[] Dbias) Forward,
        (double[] Dw, double[] Du, double[] Dbias) Reverse) Backward(
        double[] x, int[] lengths, int batch, int steps, int inChannels,
        double[] forwardW, double[] forwardU, double[] forwardBias,
        double[] reverseW, double[] reverseU, double[] reverseBias, int hidden, double[] dy)
    {
        ReferenceArguments.RequirePositive(hidden, nameof(hidden));
        ReferenceArguments.RequireNonNegative(batch, nameof(batch));
        ReferenceArguments.RequireNonNegative(steps, nameof(steps));
        ReferenceArguments.RequireLength(dy, (long)batch * steps * 2 * hidden, nameof(dy));

        // Split dy into the two halves each direction produced.
        var forwardDh = new double[batch * steps * hidden];
        var reverseDh = new double[batch * steps * hidden];
        for (int row = 0; row < batch * steps; row++)
        {
            Array.Copy(dy, row * 2 * hidden, forwardDh, row * hidden, hidden);
            Array.Copy(dy, (row * 2 * hidden) + hidden, reverseDh, row * hidden, hidden);
        }

        var f = LstmReference.Backward(
            x, lengths, batch, steps, inChannels, forwardW, forwardU, forwardBias, hidden, reverse: false, forwardDh);
        var r = LstmReference.Backward(
            x, lengths, batch, steps, inChannels, reverseW, reverseU, reverseBias, hidden, reverse: true, reverseDh);
        var dx = new double[x.Length];
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = f.Dx[i] + r.Dx[i];
        }

        return (dx, (f.Dw, f.Du, f.Dbias), (r.Dw, r.Du, r.Dbias));
    }
}
