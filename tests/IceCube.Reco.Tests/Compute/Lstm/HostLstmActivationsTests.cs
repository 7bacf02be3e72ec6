using IceCube.Reco.Compute;
using System.Runtime.Intrinsics;

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
            float actual = HostLstmActivations.Sigmoid<HostLstmLanesScalar, float>(x);
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(2e-6 * exact), $"sigmoid({x})");
        }

        Assert.That(HostLstmActivations.Sigmoid<HostLstmLanesScalar, float>(-200f), Is.InRange(0f, 1e-37f));
        Assert.That(HostLstmActivations.Sigmoid<HostLstmLanesScalar, float>(200f), Is.EqualTo(1f));
    }

    [Test]
    public void TanhIsWithinTwoMillionthsRelative()
    {
        foreach (float x in Arguments())
        {
            double exact = Math.Tanh(x);
            float actual = HostLstmActivations.Tanh<HostLstmLanesScalar, float>(x);
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(2e-6 * Math.Abs(exact)), $"tanh({x})");
        }

        Assert.That(HostLstmActivations.Tanh<HostLstmLanesScalar, float>(-200f), Is.EqualTo(-1f));
    }

    [Test]
    public void OneDivisionSigmoidIsWithinFiveTenMillionthsRelative()
    {
        // exp to about 1 ulp, then one addition and one division: a few ulp of 1.2e-7 in all.
        foreach (float x in Arguments().Where(v => v > -86f))
        {
            double exact = 1.0 / (1.0 + Math.Exp(-(double)x));
            float actual = HostLstmActivations.SigmoidOneDivision<HostLstmLanesScalar, float>(x);
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(5e-7 * exact), $"sigmoid({x})");
        }

        Assert.That(HostLstmActivations.SigmoidOneDivision<HostLstmLanesScalar, float>(-200f), Is.InRange(1e-38f, 1e-37f));
        Assert.That(HostLstmActivations.SigmoidOneDivision<HostLstmLanesScalar, float>(200f), Is.EqualTo(1f));
    }

    [Test]
    public void OneDivisionTanhIsWithinTwoTenMillionthsAbsolute()
    {
        // 2 / (1 + e^-2x) - 1 keeps the absolute error of a number near 1 (half an ulp is 6e-8), not a relative one.
        foreach (float x in Arguments())
        {
            double exact = Math.Tanh(x);
            float actual = HostLstmActivations.TanhOneDivision<HostLstmLanesScalar, float>(x);
            Assert.That(Math.Abs(actual - exact), Is.LessThanOrEqualTo(2e-7), $"tanh({x})");
        }

        Assert.That(HostLstmActivations.TanhOneDivision<HostLstmLanesScalar, float>(-200f), Is.EqualTo(-1f));
        Assert.That(HostLstmActivations.TanhOneDivision<HostLstmLanesScalar, float>(200f), Is.EqualTo(1f));
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
        var scalarSigmoid = x.Select(v => Sigmoid<HostLstmLanesScalar, float>(v, oneDivision)).ToArray();
        var scalarTanh = x.Select(v => Tanh<HostLstmLanesScalar, float>(v, oneDivision)).ToArray();
        if (Vector128.IsHardwareAccelerated)
        {
            AssertWidth<HostLstmLanes128, Vector128<float>>(x, oneDivision, scalarSigmoid, scalarTanh, "128-bit");
        }

        if (Vector256.IsHardwareAccelerated)
        {
            AssertWidth<HostLstmLanes256, Vector256<float>>(x, oneDivision, scalarSigmoid, scalarTanh, "256-bit");
        }

        if (Vector512.IsHardwareAccelerated)
        {
            AssertWidth<HostLstmLanes512, Vector512<float>>(x, oneDivision, scalarSigmoid, scalarTanh, "512-bit");
        }
    }

    private static void AssertWidth<TL, TVec>(
        float[] x, bool oneDivision, float[] scalarSigmoid, float[] scalarTanh, string what)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct
    {
        var sigmoid = new float[x.Length];
        var tanh = new float[x.Length];
        fixed (float* source = x, s = sigmoid, t = tanh)
        {
            for (int i = 0; i < x.Length; i += TL.Count)
            {
                var v = TL.Load(source + i);
                TL.Store(Sigmoid<TL, TVec>(v, oneDivision), s + i);
                TL.Store(Tanh<TL, TVec>(v, oneDivision), t + i);
            }
        }

        AssertSameBits(scalarSigmoid, sigmoid, scalarTanh, tanh, what);
    }

    private static TVec Sigmoid<TL, TVec>(TVec v, bool oneDivision)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct =>
        oneDivision ? HostLstmActivations.SigmoidOneDivision<TL, TVec>(v) : HostLstmActivations.Sigmoid<TL, TVec>(v);

    private static TVec Tanh<TL, TVec>(TVec v, bool oneDivision)
        where TL : struct, IHostLstmLanes<TVec>
        where TVec : struct =>
        oneDivision ? HostLstmActivations.TanhOneDivision<TL, TVec>(v) : HostLstmActivations.Tanh<TL, TVec>(v);

    private static void AssertSameBits(float[] expectedSigmoid, float[] sigmoid, float[] expectedTanh, float[] tanh, string what)
    {
        Assert.That(sigmoid.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedSigmoid.Select(BitConverter.SingleToInt32Bits)), $"{what} sigmoid");
        Assert.That(tanh.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedTanh.Select(BitConverter.SingleToInt32Bits)), $"{what} tanh");
    }
}
