using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// The learning test: a small Conv1D -> BiLSTM -> GlobalAveragePooling1D -> Dense(3) stack, trained with the
/// angular loss and Adam on one fixed batch with a fixed seed, must drive the loss well down. Every path from the
/// input to the head runs through the BiLSTM, so a wrong LSTM forward or backward pass (its parameter gradients, or
/// the input gradient the Conv1D below it learns from) stalls the loss.
/// </summary>
[TestFixture]
internal sealed class LearningTests
{
    [Test]
    public void ConvBiLstmPoolDenseStackDrivesTheAngularLossDown()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        Layer[] layers =
        [
            new Conv1D("conv1d", 8, 3, Activation.Relu),
            new BiLstm("bilstm", 8),
            new GlobalAveragePooling1D("pool"),
            new Dense("head", 3),
        ];
        const int iterations = 100;
        var (first, last) = LearningHarness.Train(
            device, layers, LearningHarness.Batch(seed: 81, fillPadding: false), buildSeed: 200, contextSeed: 9,
            iterations, finalInInference: false);
        TestContext.Out.WriteLine($"angular loss: {first} -> {last} after {iterations} steps");

        // An untrained network sits near pi/2 (random directions); the learnable batch must fall far below it.
        Assert.That(first, Is.GreaterThan(1.0), "initial loss");
        Assert.That(last, Is.LessThan(0.4 * first), $"loss went from {first} to {last}");
    }
}
