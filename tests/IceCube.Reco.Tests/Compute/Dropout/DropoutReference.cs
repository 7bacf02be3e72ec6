namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of inverted dropout with a counter-based mask. Element i of the
/// (flattened, row-major) tensor is kept when <c>u = ReferenceDropoutHash.Uniform(seed, step, i) &gt;= rate</c>,
/// the comparison made in float (both sides are floats, so a kernel reproduces it bit for bit). Kept elements
/// are scaled by 1 / (1 - rate) so the expected activation is unchanged and inference needs no rescaling;
/// dropped elements are 0. At inference the layer is the identity.
/// </summary>
/// <remarks>
/// <c>seed</c> is fixed per layer and run; <c>step</c> is the training step counter, so every step draws a fresh
/// mask while forward and backward of one step agree. The backward pass recomputes the mask from the same
/// (seed, step) rather than storing it: dx = dy * mask / (1 - rate).
/// </remarks>
internal static class DropoutReference
{
    /// <summary>The keep mask for a tensor of <paramref name="count"/> elements.</summary>
    public static bool[] Mask(int count, float rate, ulong seed, ulong step)
    {
        CheckRate(rate);
        var keep = new bool[count];
        for (int i = 0; i < count; i++)
        {
            keep[i] = ReferenceDropoutHash.Uniform(seed, step, (ulong)i) >= rate;
        }

        return keep;
    }

    /// <summary>The forward pass: x unchanged when not <paramref name="training"/>, else x * mask / (1 - rate).</summary>
    public static double[] Forward(double[] x, float rate, ulong seed, ulong step, bool training)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Apply(x, rate, seed, step, training);
    }

    /// <summary>
    /// The backward pass: dx = dy * mask / (1 - rate) in training (the forward pass is linear in x with
    /// that diagonal), dx = dy at inference.
    /// </summary>
    public static double[] Backward(double[] dy, float rate, ulong seed, ulong step, bool training)
    {
        ArgumentNullException.ThrowIfNull(dy);
        return Apply(dy, rate, seed, step, training);
    }

    private static double[] Apply(double[] values, float rate, ulong seed, ulong step, bool training)
    {
        CheckRate(rate);
        if (!training)
        {
            return (double[])values.Clone();
        }

        bool[] keep = Mask(values.Length, rate, seed, step);
        double scale = 1.0 / (1.0 - rate);
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = keep[i] ? values[i] * scale : 0.0;
        }

        return result;
    }

    private static void CheckRate(float rate)
    {
        // rate = 1 would drop everything and divide by zero; NaN would compare false and drop everything silently.
        if (!(rate >= 0.0f && rate < 1.0f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "'rate' must be in [0, 1).");
        }
    }
}
