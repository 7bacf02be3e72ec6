using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>Checks the counter-based dropout hash and the dropout reference.</summary>
[TestFixture]
internal sealed class DropoutReferenceTests
{
    [Test]
    public void Mix64ReproducesThePublishedSplitMix64Outputs()
    {
        // SplitMix64 seeded with 0 yields 0xE220A8397B1DCDAF, then 0x6E789E6AA1B965F4 (state advanced by Gamma).
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceDropoutHash.Mix64(0), Is.EqualTo(0xE220A8397B1DCDAFUL));
            Assert.That(ReferenceDropoutHash.Mix64(ReferenceDropoutHash.Gamma), Is.EqualTo(0x6E789E6AA1B965F4UL));
        });
    }

    [Test]
    public void UniformIsTheTopTwentyFourBitsOfTheCascadedHash()
    {
        ulong seed = 12345, step = 7, index = 99;
        ulong hash = ReferenceDropoutHash.Mix64(ReferenceDropoutHash.Mix64(ReferenceDropoutHash.Mix64(seed) ^ step) ^ index);
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceDropoutHash.Hash(seed, step, index), Is.EqualTo(hash));
            Assert.That((double)ReferenceDropoutHash.Uniform(seed, step, index), Is.EqualTo((hash >> 40) / 16777216.0));
        });
    }

    [Test]
    public void UniformLiesInTheUnitIntervalWithTheRightMean()
    {
        const int count = 100_000;
        double sum = 0.0;
        float min = 1.0f, max = 0.0f;
        for (int i = 0; i < count; i++)
        {
            float u = ReferenceDropoutHash.Uniform(3, 1, (ulong)i);
            sum += u;
            min = Math.Min(min, u);
            max = Math.Max(max, u);
        }

        // A uniform variable has mean 1/2 and standard deviation 1/sqrt(12): allow 5 standard errors.
        double tolerance = 5.0 / Math.Sqrt(12.0 * count);
        Assert.Multiple(() =>
        {
            Assert.That(sum / count, Is.EqualTo(0.5).Within(tolerance));
            Assert.That(min, Is.GreaterThanOrEqualTo(0.0f));
            Assert.That(max, Is.LessThan(1.0f));
        });
    }

    [TestCase(0.1f)]
    [TestCase(0.5f)]
    [TestCase(0.9f)]
    public void KeepsAboutOneMinusRateAndDependsOnSeedAndStep(float rate)
    {
        const int count = 50_000;
        bool[] mask = DropoutReference.Mask(count, rate, 17, 4);
        double kept = mask.Count(k => k) / (double)count;
        double tolerance = 5.0 * Math.Sqrt(rate * (1.0 - rate) / count);
        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(1.0 - rate).Within(tolerance));
            Assert.That(DropoutReference.Mask(count, rate, 17, 4), Is.EqualTo(mask), "same seed and step");
            Assert.That(DropoutReference.Mask(count, rate, 17, 5), Is.Not.EqualTo(mask), "next step");
            Assert.That(DropoutReference.Mask(count, rate, 18, 4), Is.Not.EqualTo(mask), "other seed");
        });
    }

    [Test]
    public void ForwardScalesKeptValuesAndZeroesDroppedOnes()
    {
        const float rate = 0.3f;
        var random = new ReferenceRandom(51);
        double[] x = random.Uniform(1000);
        double[] y = DropoutReference.Forward(x, rate, 9, 2, training: true);
        for (int i = 0; i < x.Length; i++)
        {
            bool keep = ReferenceDropoutHash.Uniform(9, 2, (ulong)i) >= rate;
            Assert.That(y[i], Is.EqualTo(keep ? x[i] / (1.0 - rate) : 0.0).Within(1e-15), $"element {i}");
        }
    }

    [Test]
    public void InferenceIsTheIdentityAndRateZeroKeepsEverything()
    {
        var random = new ReferenceRandom(52);
        double[] x = random.Uniform(257);
        Assert.Multiple(() =>
        {
            Assert.That(DropoutReference.Forward(x, 0.5f, 1, 1, training: false), Is.EqualTo(x));
            Assert.That(DropoutReference.Backward(x, 0.5f, 1, 1, training: false), Is.EqualTo(x));
            Assert.That(DropoutReference.Forward(x, 0.0f, 1, 1, training: true), Is.EqualTo(x));
        });
    }

    [TestCase(1)]
    [TestCase(37)]
    public void BackwardMatchesFiniteDifferences(int count)
    {
        var random = new ReferenceRandom(53);
        double[] x = random.Uniform(count);
        double[] dy = random.Uniform(count);
        double Objective() => GradientCheck.Contract(DropoutReference.Forward(x, 0.4f, 5, 6, training: true), dy);
        GradientCheck.AssertMatchesNumerical("dx", Objective, x, DropoutReference.Backward(dy, 0.4f, 5, 6, training: true));
    }

    [TestCase(1.0f)]
    [TestCase(-0.1f)]
    [TestCase(float.NaN)]
    public void RejectsRatesOutsideZeroToOne(float rate)
    {
        Assert.That(() => DropoutReference.Mask(4, rate, 1, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
