using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

/// <summary>
/// End to end through this area's layers: Conv1D -> GlobalAveragePooling1D -> Dense -> Dropout -> Dense(3), trained
/// with the angular loss and Adam on one fixed batch with a fixed seed, must drive the loss well down. The inputs
/// carry the target direction plus noise, so the batch is learnable; a broken gradient anywhere in the chain stalls it.
/// </summary>
[TestFixture]
internal sealed class LossLearningTests
{
    [Test]
    public void SmallStackDrivesTheAngularLossDown()
    {
        var device = TestDevices.Get(DeviceKind.Cpu);
        const int batch = 16, steps = 8, features = 5;
        var random = new ReferenceRandom(71);
        var lengths = new int[batch];
        var x = new double[batch * steps * features];
        var targets = new double[batch * 3];
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = random.NextInt(1, steps + 1);
            double[] direction = random.UnitVector3();
            direction.CopyTo(targets, 3 * b);
            for (int t = 0; t < steps; t++)
            {
                for (int f = 0; f < features; f++)
                {
                    double signal = f < 3 ? direction[f] : 0.0;
                    x[(((b * steps) + t) * features) + f] = signal + random.NextUniform(-0.3, 0.3);
                }
            }
        }

        Layer[] layers =
        [
            new Conv1D("conv1d", 8, 3, Activation.Relu),
            new GlobalAveragePooling1D("pool"),
            new Dense("dense", 16, Activation.Tanh),
            new Dropout("dropout", 0.1f),
            new Dense("head", 3),
        ];
        int[] shape = [steps, features];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i].Build(device, shape, batch, seed: 100 + (ulong)i);
            shape = layers[i].OutputShape(shape);
        }

        var moments = layers.SelectMany(l => l.Parameters)
            .Select(p => (Parameter: p, First: device.Pool.RentZeroed(p.Value.Shape.ToArray()), Second: device.Pool.RentZeroed(p.Value.Shape.ToArray())))
            .ToList();
        var context = LayerHarness.Context(device, lengths, training: true, seed: 5);
        using var lengthTensor = context.Lengths;
        using var input = LayerHarness.Upload(device, x, batch, steps, features);
        using var target = LayerHarness.Upload(device, targets, batch, 3);
        using var loss = new LossEvaluator(device, Loss.Angular, batch);
        var hyperparameters = new AdamHyperparameters(LearningRate: 0.02f);
        float first = 0f;
        const int iterations = 120;
        for (int step = 1; step <= iterations; step++)
        {
            context.Step = step;
            var activation = input;
            foreach (var layer in layers)
            {
                activation = layer.Forward(context, activation);
            }

            var gradient = loss.Evaluate(activation, target, withGradient: true)!;
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
                device.Ops.Adam(parameter.Value, parameter.Gradient, m, v, hyperparameters, step);
            }
        }

        // The last evaluation, with inference semantics (no dropout).
        context.Training = false;
        var output = input;
        foreach (var layer in layers)
        {
            output = layer.Forward(context, output);
        }

        loss.Evaluate(output, target, withGradient: false);
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

        TestContext.Out.WriteLine($"angular loss: {first} -> {last} after {iterations} steps");

        // An untrained network sits near pi/2 (random directions); the learnable batch must fall far below it.
        Assert.That(first, Is.GreaterThan(1.0), "initial loss");
        Assert.That(last, Is.LessThan(0.4 * first), $"loss went from {first} to {last}");
    }
}
