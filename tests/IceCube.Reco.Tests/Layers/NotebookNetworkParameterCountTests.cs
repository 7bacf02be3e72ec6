using IceCube.Reco.Tests.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// Pins the weight layouts with the original notebook's network, for which Keras reports 4,010 parameters:
/// input 100 x 5, Conv1D 8 (K = 3), Bidirectional LSTM 16, average pooling, Dense 16, Dense 8, Dense 2.
/// </summary>
[TestFixture]
internal sealed class NotebookNetworkParameterCountTests
{
    private const int Steps = 100;
    private const int Features = 5;
    private const int Filters = 8;
    private const int KernelSize = 3;
    private const int Hidden = 16;

    [Test]
    public void CountsFourThousandAndTenParameters()
    {
        int count = Conv1DReference.ParameterCount(KernelSize, Features, Filters)
            + BiLstmReference.ParameterCount(Filters, Hidden)
            + DenseReference.ParameterCount(2 * Hidden, 16)
            + DenseReference.ParameterCount(16, 8)
            + DenseReference.ParameterCount(8, 2);
        Assert.That(count, Is.EqualTo(4_010));
    }

    [Test]
    public void ArraysOfThoseSizesRunThroughTheWholeNetwork()
    {
        // Allocating every tensor by its documented shape and running the forward chain checks that the counted
        // shapes are the ones the references accept, and that the sizes add up to 4,010.
        var random = new ReferenceRandom(91);
        int[] lengths = [Steps, 37];
        int batch = lengths.Length;
        double[] x = random.Uniform(batch * Steps * Features);
        double[] convW = random.Uniform(KernelSize * Features * Filters, -0.3, 0.3);
        double[] convB = random.Uniform(Filters, -0.1, 0.1);
        double[][] lstm = [.. Enumerable.Range(0, 2).SelectMany(_ => new[]
        {
            random.Uniform(Filters * 4 * Hidden, -0.3, 0.3),
            random.Uniform(Hidden * 4 * Hidden, -0.3, 0.3),
            random.Uniform(4 * Hidden, -0.1, 0.1),
        })];
        double[] d1W = random.Uniform(2 * Hidden * 16), d1B = random.Uniform(16);
        double[] d2W = random.Uniform(16 * 8), d2B = random.Uniform(8);
        double[] d3W = random.Uniform(8 * 2), d3B = random.Uniform(2);

        double[] conv = Conv1DReference.Forward(x, lengths, batch, Steps, Features, convW, convB, KernelSize, Filters, ReferenceActivation.Relu);
        double[] sequence = BiLstmReference.Forward(
            conv, lengths, batch, Steps, Filters, lstm[0], lstm[1], lstm[2], lstm[3], lstm[4], lstm[5], Hidden);
        double[] pooled = GlobalAveragePooling1DReference.Forward(sequence, lengths, batch, Steps, 2 * Hidden);
        double[] h1 = DenseReference.Forward(pooled, batch, 2 * Hidden, d1W, d1B, 16, ReferenceActivation.Relu);
        double[] h2 = DenseReference.Forward(h1, batch, 16, d2W, d2B, 8, ReferenceActivation.Relu);
        double[] angles = DenseReference.Forward(h2, batch, 8, d3W, d3B, 2, ReferenceActivation.Linear);

        long parameters = convW.Length + convB.Length + lstm.Sum(a => (long)a.Length)
            + d1W.Length + d1B.Length + d2W.Length + d2B.Length + d3W.Length + d3B.Length;
        Assert.Multiple(() =>
        {
            Assert.That(parameters, Is.EqualTo(4_010));
            Assert.That(angles, Has.Length.EqualTo(batch * 2));
            Assert.That(angles, Is.All.Not.NaN);
        });
    }
}
