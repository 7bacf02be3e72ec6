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
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        Layer[] layers =
        [
            new Conv1D("conv1d", 8, 3, Activation.Relu),
            new GlobalAveragePooling1D("pool"),
            new Dense("dense", 16, Activation.Tanh),
            new Dropout("dropout", 0.1f),
            new Dense("head", 3),
        ];
        const int iterations = 120;
        var (first, last) = LearningHarness.Train(
            device, layers, LearningHarness.Batch(seed: 71, fillPadding: true), buildSeed: 100, contextSeed: 5,
            iterations, finalInInference: true);
        TestContext.Out.WriteLine($"angular loss: {first} -> {last} after {iterations} steps");

        // An untrained network sits near pi/2 (random directions); the learnable batch must fall far below it.
        Assert.That(first, Is.GreaterThan(1.0), "initial loss");
        Assert.That(last, Is.LessThan(0.4 * first), $"loss went from {first} to {last}");
    }
}
