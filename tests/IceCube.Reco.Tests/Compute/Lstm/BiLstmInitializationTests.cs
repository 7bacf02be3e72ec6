using IceCube.Reco.Compute;
using IceCube.Reco.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// Keras' initialisation of the (bidirectional) LSTM: Glorot uniform kernels, the whole recurrent kernel [H, 4H]
/// orthogonal (U U^T = I), bias 0 except the forget-gate block at 1; reproducible from the seed; parameter count.
/// </summary>
[TestFixture]
internal sealed class BiLstmInitializationTests
{
    private const int InChannels = 8;
    private const int Hidden = 16;

    [Test]
    public void WeightsFollowKerasInitialisation()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var layer = new BiLstm("bilstm_init", Hidden);
        layer.Build(device, [10, InChannels], capacity: 2, seed: 5);
        double limit = Math.Sqrt(6.0 / (InChannels + (4 * Hidden)));
        for (int d = 0; d < 2; d++)
        {
            float[] w = layer.Kernel(d).Value.ToArray();
            Assert.That(w.Max(v => Math.Abs((double)v)), Is.LessThanOrEqualTo(limit).And.GreaterThan(0.8 * limit));

            float[] u = layer.RecurrentKernel(d).Value.ToArray();
            for (int a = 0; a < Hidden; a++)
            {
                for (int b = 0; b < Hidden; b++)
                {
                    double dot = 0.0;
                    for (int j = 0; j < 4 * Hidden; j++)
                    {
                        dot += (double)u[(a * 4 * Hidden) + j] * u[(b * 4 * Hidden) + j];
                    }

                    Assert.That(dot, Is.EqualTo(a == b ? 1.0 : 0.0).Within(1e-5), $"(U U^T)[{a}, {b}] of direction {d}");
                }
            }

            float[] bias = layer.Bias(d).Value.ToArray();
            for (int j = 0; j < 4 * Hidden; j++)
            {
                bool forgetGate = j >= Hidden && j < 2 * Hidden;
                Assert.That(bias[j], Is.EqualTo(forgetGate ? 1f : 0f), $"bias[{j}] of direction {d}");
            }
        }

        // The two directions draw from different streams.
        Assert.That(layer.Kernel(1).Value.ToArray(), Is.Not.EqualTo(layer.Kernel(0).Value.ToArray()));
        Assert.That(layer.RecurrentKernel(1).Value.ToArray(), Is.Not.EqualTo(layer.RecurrentKernel(0).Value.ToArray()));
    }

    [Test]
    public void SameSeedGivesSameWeights()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var first = new BiLstm("a", 4);
        using var second = new BiLstm("b", 4);
        using var third = new BiLstm("c", 4);
        first.Build(device, [3, 2], 1, seed: 77);
        second.Build(device, [3, 2], 1, seed: 77);
        third.Build(device, [3, 2], 1, seed: 78);
        for (int p = 0; p < first.Parameters.Count; p++)
        {
            Assert.That(second.Parameters[p].Value.ToArray(), Is.EqualTo(first.Parameters[p].Value.ToArray()));
        }

        Assert.That(third.Kernel(0).Value.ToArray(), Is.Not.EqualTo(first.Kernel(0).Value.ToArray()));
    }

    [Test]
    public void ParametersAreNamedOrderedAndCountedAsKeras()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var layer = new BiLstm("bilstm", Hidden);
        layer.Build(device, [100, InChannels], capacity: 1, seed: 1);

        Assert.That(layer.Parameters.Select(p => p.Name), Is.EqualTo(new[]
        {
            "forward/kernel", "forward/recurrent_kernel", "forward/bias",
            "backward/kernel", "backward/recurrent_kernel", "backward/bias",
        }));

        // The notebook's BiLSTM(16) on Conv1D(8) features: 3,200 of its 4,010 parameters.
        Assert.That(layer.Parameters.Sum(p => p.Value.Length), Is.EqualTo(BiLstmReference.ParameterCount(InChannels, Hidden)));
        Assert.That(layer.OutputShape([100, InChannels]), Is.EqualTo(new[] { 100, 2 * Hidden }));
        Assert.That(layer.Kind, Is.EqualTo("BiLstm"));
    }
}
