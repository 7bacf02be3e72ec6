using IceCube.Reco.Compute;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host LSTM's sigmoid and tanh (<see cref="HostLstmActivations"/>) against the double-precision functions, and
/// every vector width against the scalar one bit for bit.
/// </summary>
[TestFixture]
internal sealed unsafe class HostLstmActivationsTests
{
    // A dense sweep plus the awkward points: zero, both sides of the tanh series limit, tiny and saturating values.
    private static float[] Arguments()
    {
        var values = new List<float> { 0f, -0f, 0.625f, 0.62499994f, -0.625f, 1e-30f, -1e-30f, 1e-6f, -3e-4f, 87f, -87f };
        for (int i = -4000; i <= 4000; i++)
        {
            values.Add(i * 0.01f);
        }

        for (int i = 1; i <= 60; i++)
        {
            values.Add(MathF.Pow(1.5f, i - 40));
            values.Add(-MathF.Pow(1.5f, i - 40));
        }

        while (values.Count % 16 != 0)
        {
            values.Add(0.5f);
        }

        return values.ToArray();
    }

    [Test]
    public void SigmoidIsWithinTwoMillionthsRelative()
    {
        foreach (float x in Arguments().Where(v => v > -80f))
        {
            double exact = 1.0 / (1.0 + Math.Exp(-(double)x));
            float actual = Scalar(HostLstmActivations.Sigmoid(FloatX1.Create(x)));
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(2e-6 * exact), $"sigmoid({x})");
        }

        Assert.That(Scalar(HostLstmActivations.Sigmoid(FloatX1.Create(-200f))), Is.InRange(0f, 1e-37f));
        Assert.That(Scalar(HostLstmActivations.Sigmoid(FloatX1.Create(200f))), Is.EqualTo(1f));
    }

    [Test]
    public void TanhIsWithinTwoMillionthsRelative()
    {
        foreach (float x in Arguments())
        {
            double exact = Math.Tanh(x);
            float actual = Scalar(HostLstmActivations.Tanh(FloatX1.Create(x)));
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(2e-6 * Math.Abs(exact)), $"tanh({x})");
        }

        Assert.That(Scalar(HostLstmActivations.Tanh(FloatX1.Create(-200f))), Is.EqualTo(-1f));
    }

    [Test]
    public void OneDivisionSigmoidIsWithinFiveTenMillionthsRelative()
    {
        // exp to about 1 ulp, then one addition and one division: a few ulp of 1.2e-7 in all.
        foreach (float x in Arguments().Where(v => v > -86f))
        {
            double exact = 1.0 / (1.0 + Math.Exp(-(double)x));
            float actual = Scalar(HostLstmActivations.SigmoidOneDivision(FloatX1.Create(x)));
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(5e-7 * exact), $"sigmoid({x})");
        }

        Assert.That(Scalar(HostLstmActivations.SigmoidOneDivision(FloatX1.Create(-200f))), Is.InRange(1e-38f, 1e-37f));
        Assert.That(Scalar(HostLstmActivations.SigmoidOneDivision(FloatX1.Create(200f))), Is.EqualTo(1f));
    }

    [Test]
    public void OneDivisionTanhIsWithinTwoTenMillionthsAbsolute()
    {
        // 2 / (1 + e^-2x) - 1 keeps the absolute error of a number near 1 (half an ulp is 6e-8), not a relative one.
        foreach (float x in Arguments())
        {
            double exact = Math.Tanh(x);
            float actual = Scalar(HostLstmActivations.TanhOneDivision(FloatX1.Create(x)));
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(2e-7), $"tanh({x})");
        }

        Assert.That(Scalar(HostLstmActivations.TanhOneDivision(FloatX1.Create(-200f))), Is.EqualTo(-1f));
        Assert.That(Scalar(HostLstmActivations.TanhOneDivision(FloatX1.Create(200f))), Is.EqualTo(1f));
    }

    [Test]
    public void OneDivisionFormsGiveTheSameBitsAtEveryWidth()
    {
        AssertEveryWidthMatchesScalar(oneDivision: true);
    }

    [Test]
    public void EveryWidthGivesTheSameBits()
    {
        AssertEveryWidthMatchesScalar(oneDivision: false);
    }

    // Every hardware-accelerated width against the scalar lanes, bit for bit, for sigmoid and tanh (the one-division
    // forms of the inference pass, or the two-branch forms of training).
    private static void AssertEveryWidthMatchesScalar(bool oneDivision)
    {
        var x = Arguments();
        var scalarSigmoid = x.Select(v => Scalar(Sigmoid(FloatX1.Create(v), oneDivision))).ToArray();
        var scalarTanh = x.Select(v => Scalar(Tanh(FloatX1.Create(v), oneDivision))).ToArray();
        if (SimdCapability.Best >= SimdWidth.V128)
        {
            AssertWidth<FloatX4>(x, oneDivision, scalarSigmoid, scalarTanh, "128-bit");
        }

        if (SimdCapability.Best >= SimdWidth.V256)
        {
            AssertWidth<FloatX8>(x, oneDivision, scalarSigmoid, scalarTanh, "256-bit");
        }

        if (SimdCapability.Best >= SimdWidth.V512)
        {
            AssertWidth<FloatX16>(x, oneDivision, scalarSigmoid, scalarTanh, "512-bit");
        }
    }

    private static void AssertWidth<TVec>(
        float[] x, bool oneDivision, float[] scalarSigmoid, float[] scalarTanh, string what)
        where TVec : struct, IFloatVector<TVec>
    {
        var sigmoid = new float[x.Length];
        var tanh = new float[x.Length];
        fixed (float* source = x, s = sigmoid, t = tanh)
        {
            for (int i = 0; i < x.Length; i += TVec.Count)
            {
                var v = TVec.Load(source + i);
                TVec.Store(Sigmoid<TVec>(v, oneDivision), s + i);
                TVec.Store(Tanh<TVec>(v, oneDivision), t + i);
            }
        }

        AssertSameBits(scalarSigmoid, sigmoid, scalarTanh, tanh, what);
    }

    private static TVec Sigmoid<TVec>(TVec v, bool oneDivision)
        where TVec : struct, IFloatVector<TVec> =>
        oneDivision ? HostLstmActivations.SigmoidOneDivision<TVec>(v) : HostLstmActivations.Sigmoid<TVec>(v);

    private static TVec Tanh<TVec>(TVec v, bool oneDivision)
        where TVec : struct, IFloatVector<TVec> =>
        oneDivision ? HostLstmActivations.TanhOneDivision<TVec>(v) : HostLstmActivations.Tanh<TVec>(v);

    private static float Scalar(FloatX1 value)
    {
        float lane;
        FloatX1.Store(value, &lane);
        return lane;
    }

    private static void AssertSameBits(float[] expectedSigmoid, float[] sigmoid, float[] expectedTanh, float[] tanh, string what)
    {
        Assert.That(sigmoid.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedSigmoid.Select(BitConverter.SingleToInt32Bits)), $"{what} sigmoid");
        Assert.That(tanh.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedTanh.Select(BitConverter.SingleToInt32Bits)), $"{what} tanh");
    }
}
