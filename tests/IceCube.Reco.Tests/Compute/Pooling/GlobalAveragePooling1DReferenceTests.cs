using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Checks the masked average pooling reference on known values, by finite differences and masking.</summary>
[TestFixture]
internal sealed class GlobalAveragePooling1DReferenceTests
{
    [Test]
    public void AveragesRealStepsOnlyAndGivesZeroForEmptyEvents()
    {
        // B = 3, L = 3, C = 2; lengths 2, 0, 3. Padded entries are 100 so a leak would show.
        double[] x =
        [
            1, 10, 3, 30, 100, 100,
            100, 100, 100, 100, 100, 100,
            1, 2, 2, 4, 6, 9,
        ];
        double[] y = GlobalAveragePooling1DReference.Forward(x, [2, 0, 3], 3, 3, 2);
        Assert.That(y, Is.EqualTo(new[] { 2.0, 20.0, 0.0, 0.0, 3.0, 5.0 }));
    }

    [Test]
    public void BackwardSpreadsEvenlyOverRealSteps()
    {
        double[] dx = GlobalAveragePooling1DReference.Backward([4.0, -8.0, 5.0, 7.0], [4, 0], 2, 4, 2);
        double[] expected =
        [
            1, -2, 1, -2, 1, -2, 1, -2,
            0, 0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.That(dx, Is.EqualTo(expected));
    }

    [TestCase(1, 1, new[] { 1 }, 1)]
    [TestCase(1, 7, new[] { 7 }, 3)]
    [TestCase(3, 7, new[] { 0, 4, 7 }, 5)]
    [TestCase(3, 1, new[] { 1, 0, 1 }, 3)]
    public void BackwardMatchesFiniteDifferences(int batch, int steps, int[] lengths, int channels)
    {
        var random = new ReferenceRandom(31);
        double[] x = random.Uniform(batch * steps * channels);
        double[] dy = random.Uniform(batch * channels);

        double Objective() => GradientCheck.Contract(
            GlobalAveragePooling1DReference.Forward(x, lengths, batch, steps, channels), dy);

        double[] dx = GlobalAveragePooling1DReference.Backward(dy, lengths, batch, steps, channels);
        GradientCheck.AssertMatchesNumerical("dx", Objective, x, dx);
    }

    [Test]
    public void PaddedInputsChangeNothing()
    {
        int[] lengths = [3, 0, 7];
        var random = new ReferenceRandom(32);
        double[] x = random.Uniform(3 * 7 * 3);
        double[] changed = SequenceMasking.ScramblePadding(x, lengths, 3, 7, 3, random);
        Assert.That(
            GlobalAveragePooling1DReference.Forward(changed, lengths, 3, 7, 3),
            Is.EqualTo(GlobalAveragePooling1DReference.Forward(x, lengths, 3, 7, 3)));
    }
}
