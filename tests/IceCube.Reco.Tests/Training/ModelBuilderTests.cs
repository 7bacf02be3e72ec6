using IceCube.Reco.Data;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;
using IceCube.Reco.Compute;

namespace IceCube.Reco.Tests.Training;

[TestFixture]
internal sealed class ModelBuilderTests
{
    private static readonly FeaturizationOptions Small = FeaturizationOptions.Default with { MaxPulses = 8 };

    private static Device Cpu => TestDevices.Get(DeviceKind.IlgpuCpu);

    [Test]
    public void DenseOnASequence_NamesTheLayer()
    {
        var builder = Model.Sequential(Cpu, Small).Conv1D(4, 3, Activation.Relu).Dense(3);
        var error = Assert.Throws<ArgumentException>(() => builder.Compile(new Adam(), Loss.Angular));
        Assert.That(error!.Message, Does.Contain("dense_0").And.Contain("GlobalAveragePooling1D"));
    }

    [Test]
    public void SequenceLayerAfterPooling_NamesTheLayer()
    {
        var builder = Model.Sequential(Cpu, Small).Conv1D(4).GlobalAveragePooling1D().BiLstm(4).Dense(3);
        var error = Assert.Throws<ArgumentException>(() => builder.Compile(new Adam(), Loss.Angular));
        Assert.That(error!.Message, Does.Contain("bidirectional_0"));
    }

    [Test]
    public void OutputCountThatDoesNotFitTheLoss_NamesTheLastLayer()
    {
        var builder = Model.Sequential(Cpu, Small).Conv1D(4).GlobalAveragePooling1D().Dense(5).Dense(2);
        var error = Assert.Throws<ArgumentException>(() => builder.Compile(new Adam(), Loss.Angular));
        Assert.That(error!.Message, Does.Contain("dense_1").And.Contain("Dense(3)"));
        Assert.DoesNotThrow(() => builder.Compile(new Adam(), Loss.Mse).Dispose());
    }

    [Test]
    public void EndingWithASequence_AndAnEmptyModel_AreRefused()
    {
        var sequence = Assert.Throws<ArgumentException>(() => Model.Sequential(Cpu, Small).Conv1D(3).Compile(new Adam(), Loss.Angular));
        Assert.That(sequence!.Message, Does.Contain("conv1d_0"));
        Assert.Throws<ArgumentException>(() => Model.Sequential(Cpu, Small).Compile(new Adam(), Loss.Angular));
    }

    [Test]
    public void BadHyperparameters_AreRefusedWhenAdded()
    {
        var builder = Model.Sequential(Cpu, Small);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Conv1D(4, kernelSize: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.BiLstm(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dropout(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(learningRate: 0));
    }

    [Test]
    public void NotebookPreset_HasTheNotebooksFourThousandTenParameters()
    {
        using var model = Model.FromPreset(Cpu, ModelPreset.Notebook);
        Assert.That(model.ParameterCount, Is.EqualTo(4_010));
        Assert.That(model.Featurization, Is.EqualTo(FeaturizationOptions.Notebook));
        Assert.That(model.Loss, Is.SameAs(Loss.Mse));
        long onDevice = model.Trainer.Network.Parameters.Sum(p => (long)p.Value.Length);
        Assert.That(onDevice, Is.EqualTo(4_010), "the built layers hold exactly the counted floats");
    }

    [Test]
    public void Presets_CountParametersByKerasFormulas()
    {
        // Hand formulas: Conv1D K*Cin*F + F; BiLSTM 2 * (4H*Cin + 4H*H + 4H); Dense In*Out + Out.
        static long Conv(int k, int cin, int f) => (k * cin * f) + f;
        static long Bi(int cin, int h) => 2L * ((4 * h * cin) + (4 * h * h) + (4 * h));
        static long Dense(int i, int o) => (i * o) + o;
        using var standard = Model.FromPreset(Cpu, ModelPreset.Default);
        using var compact = Model.FromPreset(Cpu, ModelPreset.Compact, loss: Loss.Mse);
        Assert.That(standard.ParameterCount, Is.EqualTo(Conv(3, 12, 64) + Bi(64, 64) + Dense(128, 128) + Dense(128, 3)));
        Assert.That(compact.ParameterCount, Is.EqualTo(Conv(3, 12, 16) + Bi(16, 32) + Dense(64, 64) + Dense(64, 2)));
    }

    [Test]
    public void Summary_ListsLayersShapesAndCounts()
    {
        using var model = Model.FromPreset(Cpu, ModelPreset.Notebook);
        string summary = model.Summary();
        string[] lines = summary.Split('\n');
        Assert.That(lines.Count(l => l.StartsWith("conv1d_0", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(summary, Does.Contain("[100, 8]").And.Contain("[100, 32]").And.Contain("[32]").And.Contain("[2]"));
        Assert.That(summary, Does.Contain("dropout_1").And.Contain("dense_2").And.Contain("4,010"));
        Assert.That(summary, Does.Contain("3,200"), "the BiLSTM's 2 * (8*64 + 16*64 + 64)");
    }

    [Test]
    public void Layers_StartFromTheSeed()
    {
        using var a = Model.Sequential(Cpu, Small, seed: 5).Conv1D(4).GlobalAveragePooling1D().Dense(3).Compile(new Adam(), Loss.Angular);
        using var b = Model.Sequential(Cpu, Small, seed: 5).Conv1D(4).GlobalAveragePooling1D().Dense(3).Compile(new Adam(), Loss.Angular);
        using var c = Model.Sequential(Cpu, Small, seed: 6).Conv1D(4).GlobalAveragePooling1D().Dense(3).Compile(new Adam(), Loss.Angular);
        var weightsA = a.Trainer.Network.Parameters[0].Value.ToArray();
        Assert.That(b.Trainer.Network.Parameters[0].Value.ToArray(), Is.EqualTo(weightsA));
        Assert.That(c.Trainer.Network.Parameters[0].Value.ToArray(), Is.Not.EqualTo(weightsA));
    }
}
