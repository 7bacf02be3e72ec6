using IceCube.Reco.Kernels;
using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// The learning tests' shared pieces: a learnable fixed batch (each event's pulses carry its target direction in
/// features 0..2 plus uniform noise of +-0.3) and a plain Adam loop over a stack of layers with the angular loss.
/// </summary>
internal static class LearningHarness
{
    /// <summary>Batch and sequence sizes of the learnable batch.</summary>
    public const int BatchSize = 16, Steps = 8, Features = 5;

    /// <summary>
    /// A fixed learnable batch: lengths in 1..Steps, targets as unit vectors, and x [BatchSize, Steps, Features] noisy
    /// copies of the target; padded steps are filled too when <paramref name="fillPadding"/> (their values must not
    /// matter), else left at zero.
    /// </summary>
    public static (int[] Lengths, double[] X, double[] Targets) Batch(int seed, bool fillPadding)
    {
        var random = new ReferenceRandom(seed);
        var lengths = new int[BatchSize];
        var x = new double[BatchSize * Steps * Features];
        var targets = new double[BatchSize * 3];
        for (int b = 0; b < BatchSize; b++)
        {
            lengths[b] = random.NextInt(1, Steps + 1);
            double[] direction = random.UnitVector3();
            direction.CopyTo(targets, 3 * b);
            int filled = fillPadding ? Steps : lengths[b];
            for (int t = 0; t < filled; t++)
            {
                for (int f = 0; f < Features; f++)
                {
                    double signal = f < 3 ? direction[f] : 0.0;
                    x[(((b * Steps) + t) * Features) + f] = signal + random.NextUniform(-0.3, 0.3);
                }
            }
        }

        return (lengths, x, targets);
    }

    /// <summary>
    /// Builds <paramref name="layers"/> (seeds buildSeed, buildSeed + 1, ...), trains them for
    /// <paramref name="iterations"/> Adam steps (learning rate 0.02) on the batch, and returns the angular loss before
    /// the first step and after the last one, the latter evaluated in inference mode (no dropout) when
    /// <paramref name="finalInInference"/>, else as one more training-mode forward pass. Disposes the layers.
    /// </summary>
    public static (float First, float Last) Train(
        Device device, Layer[] layers, (int[] Lengths, double[] X, double[] Targets) data,
        ulong buildSeed, ulong contextSeed, int iterations, bool finalInInference)
    {
        int[] shape = [Steps, Features];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i].Build(device, shape, BatchSize, seed: buildSeed + (ulong)i);
            shape = layers[i].OutputShape(shape);
        }

        var moments = layers.SelectMany(l => l.Parameters)
            .Select(p => (Parameter: p, First: device.Pool.RentZeroed(p.Value.Shape.ToArray()), Second: device.Pool.RentZeroed(p.Value.Shape.ToArray())))
            .ToList();
        var context = LayerHarness.Context(device, data.Lengths, training: true, seed: contextSeed);
        using var lengthTensor = context.Lengths;
        using var input = LayerHarness.Upload(device, data.X, BatchSize, Steps, Features);
        using var target = LayerHarness.Upload(device, data.Targets, BatchSize, 3);
        using var loss = new LossEvaluator(device, Loss.Angular, BatchSize);
        var hyperparameters = new AdamSettings(learningRate: 0.02f);
        float first = 0f;
        for (int step = 1; step <= iterations; step++)
        {
            context.Step = step;
            var gradient = loss.Evaluate(Forward(layers, context, input), target, withGradient: true)!;
            if (step == 1)
            {
                first = loss.ReadMeanLoss();
            }

            for (int i = layers.Length - 1; i >= 0; i--)
            {
                gradient = layers[i].Backward(context, gradient, computeInputGradient: i > 0)!;
            }

            foreach (var (parameter, m, v) in moments)
            {
                device.Ops.Adam.Update(parameter.Value, parameter.Gradient, m, v, hyperparameters, step);
            }
        }

        context.Step = iterations + 1;
        context.Training = !finalInInference;
        loss.Evaluate(Forward(layers, context, input), target, withGradient: false);
        float last = loss.ReadMeanLoss();
        foreach (var (_, m, v) in moments)
        {
            m.Dispose();
            v.Dispose();
        }

        foreach (var layer in layers)
        {
            layer.Dispose();
        }

        return (first, last);
    }

    private static DeviceTensor Forward(Layer[] layers, BatchContext context, DeviceTensor input)
    {
        var activation = input;
        foreach (var layer in layers)
        {
            activation = layer.Forward(context, activation);
        }

        return activation;
    }
}
