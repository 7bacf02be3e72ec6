using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// Runs an <see cref="Lstm"/> or <see cref="BiLstm"/> layer on a device from host arrays and reads everything back,
/// and evaluates the double references on the same (float-representable) numbers, so the tests compare like with like.
/// </summary>
internal static class LstmHarness
{
    /// <summary>One direction's weights in double precision: w [Cin, 4H], u [H, 4H], bias [4H].</summary>
    public sealed record Weights(double[] W, double[] U, double[] Bias);

    /// <summary>What one forward and backward pass of the layer produced, widened to double.</summary>
    public sealed record Result(double[] Output, double[]? InputGradient, Weights[] Gradients);

    /// <summary>
    /// Random weights for <paramref name="directions"/> directions, rounded to float so the device sees exactly the
    /// values the reference does. Magnitudes keep the gates away from saturation, where gradients vanish.
    /// </summary>
    public static Weights[] RandomWeights(int directions, int inChannels, int hidden, int seed)
    {
        var random = new ReferenceRandom(seed);
        var weights = new Weights[directions];
        for (int d = 0; d < directions; d++)
        {
            weights[d] = new Weights(
                Rounded(random.Uniform(inChannels * 4 * hidden, -0.6, 0.6)),
                Rounded(random.Uniform(hidden * 4 * hidden, -0.6, 0.6)),
                Rounded(random.Uniform(4 * hidden, -0.3, 0.3)));
        }

        return weights;
    }

    /// <summary>Values uniform in [low, high) rounded to float.</summary>
    public static double[] RandomValues(int count, int seed, double low = -1.0, double high = 1.0) =>
        Rounded(new ReferenceRandom(seed).Uniform(count, low, high));

    /// <summary>Each value rounded to the nearest float, kept in double.</summary>
    public static double[] Rounded(double[] values) => values.Select(v => (double)(float)v).ToArray();

    /// <summary>
    /// Builds the layer (one or two directions) for <paramref name="capacity"/> events, sets its weights, runs the
    /// first <paramref name="lengths"/>.Length events forward and, when <paramref name="outputGradient"/> is given,
    /// backward. <paramref name="training"/> false runs the inference forward pass instead (no backward then).
    /// </summary>
    public static Result Run(
        Device device, Weights[] weights, int steps, int inChannels, int hidden, int capacity,
        int[] lengths, double[] input, double[]? outputGradient, bool computeInputGradient = true, bool training = true)
    {
        int batch = lengths.Length;
        using Lstm layer = weights.Length == 2 ? new BiLstm("bilstm_test", hidden) : new Lstm("lstm_test", hidden);
        layer.Build(device, [steps, inChannels], capacity, seed: 1);
        for (int d = 0; d < weights.Length; d++)
        {
            layer.Kernel(d).Value.Upload(ToFloat(weights[d].W));
            layer.RecurrentKernel(d).Value.Upload(ToFloat(weights[d].U));
            layer.Bias(d).Value.Upload(ToFloat(weights[d].Bias));
        }

        using var lengthsTensor = device.Pool.Rent(capacity);
        var lengthValues = new float[capacity];
        for (int b = 0; b < batch; b++)
        {
            lengthValues[b] = lengths[b];
        }

        lengthsTensor.Upload(lengthValues);
        using var inputBuffer = device.Pool.Rent(capacity, steps, inChannels);
        var x = inputBuffer.Slice(0, batch);
        x.Upload(ToFloat(input));
        var context = new BatchContext { BatchSize = batch, Lengths = lengthsTensor, Training = training, Step = 1, Seed = 1 };

        double[] output = ToDouble(layer.Forward(context, x).ToArray());
        if (outputGradient is null)
        {
            return new Result(output, null, []);
        }

        using var gradientBuffer = device.Pool.Rent(capacity, steps, weights.Length * hidden);
        var dy = gradientBuffer.Slice(0, batch);
        dy.Upload(ToFloat(outputGradient));
        var dx = layer.Backward(context, dy, computeInputGradient);
        var gradients = new Weights[weights.Length];
        for (int d = 0; d < weights.Length; d++)
        {
            gradients[d] = new Weights(
                ToDouble(layer.Kernel(d).Gradient.ToArray()),
                ToDouble(layer.RecurrentKernel(d).Gradient.ToArray()),
                ToDouble(layer.Bias(d).Gradient.ToArray()));
        }

        return new Result(output, dx is null ? null : ToDouble(dx.ToArray()), gradients);
    }

    /// <summary>The reference forward pass: [B, L, D * H].</summary>
    public static double[] ReferenceForward(
        Weights[] weights, int steps, int inChannels, int hidden, int[] lengths, double[] input)
    {
        int batch = lengths.Length;
        return weights.Length == 2
            ? BiLstmReference.Forward(
                input, lengths, batch, steps, inChannels,
                weights[0].W, weights[0].U, weights[0].Bias, weights[1].W, weights[1].U, weights[1].Bias, hidden)
            : LstmReference.Forward(
                input, lengths, batch, steps, inChannels, weights[0].W, weights[0].U, weights[0].Bias, hidden, reverse: false);
    }

    /// <summary>The reference backward pass: dx and each direction's gradients.</summary>
    public static (double[] Dx, Weights[] Gradients) ReferenceBackward(
        Weights[] weights, int steps, int inChannels, int hidden, int[] lengths, double[] input, double[] outputGradient)
    {
        int batch = lengths.Length;
        if (weights.Length == 2)
        {
            var (dx, f, r) = BiLstmReference.Backward(
                input, lengths, batch, steps, inChannels,
                weights[0].W, weights[0].U, weights[0].Bias, weights[1].W, weights[1].U, weights[1].Bias, hidden,
                outputGradient);
            return (dx, [new Weights(f.Dw, f.Du, f.Dbias), new Weights(r.Dw, r.Du, r.Dbias)]);
        }

        var one = LstmReference.Backward(
            input, lengths, batch, steps, inChannels, weights[0].W, weights[0].U, weights[0].Bias, hidden,
            reverse: false, outputGradient);
        return (one.Dx, [new Weights(one.Dw, one.Du, one.Dbias)]);
    }

    private static float[] ToFloat(double[] values) => values.Select(v => (float)v).ToArray();

    private static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();
}
