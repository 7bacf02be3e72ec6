using IceCube.Reco.Layers;

namespace IceCube.Reco.Tests.Layers;

/// <summary>The Keras initialisers: bounds, spread, orthogonality and seeding, checked in double precision.</summary>
[TestFixture]
internal sealed class InitializersTests
{
    [TestCase(5, 64)]
    [TestCase(16, 64)]
    public void GlorotUniformMatrixStaysWithinKerasLimitAndFillsIt(int fanIn, int fanOut)
    {
        float[] w = Initializers.GlorotUniform(42, fanIn, fanOut);
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));

        Assert.That(w, Has.Length.EqualTo(fanIn * fanOut));
        Assert.That(w.Max(), Is.LessThanOrEqualTo(limit).And.GreaterThan(0.8 * limit));
        Assert.That(w.Min(), Is.GreaterThanOrEqualTo(-limit).And.LessThan(-0.8 * limit));

        // U(-a, a) has variance a^2 / 3; with hundreds of draws the sample variance is within ~20%.
        double variance = w.Average(v => (double)v * v);
        Assert.That(variance, Is.EqualTo(limit * limit / 3.0).Within(20).Percent);
    }

    [Test]
    public void GlorotUniformConvolutionKernelScalesFansByTheReceptiveField()
    {
        // Kernel [K = 3, Cin = 5, Cout = 8]: fan_in = 15, fan_out = 24.
        float[] w = Initializers.GlorotUniform(7, 3, 5, 8);
        double limit = Math.Sqrt(6.0 / (15 + 24));

        Assert.That(w, Has.Length.EqualTo(120));
        Assert.That(w.Max(v => Math.Abs((double)v)), Is.LessThanOrEqualTo(limit).And.GreaterThan(0.8 * limit));
    }

    [Test]
    public void SameSeedGivesSameWeightsAndOtherSeedsDiffer()
    {
        ulong seed = 3;
        ulong other = 4;
        float[] glorot = Initializers.GlorotUniform(seed, 4, 8);
        float[] orthogonal = Initializers.Orthogonal(seed, 4, 16);
        ulong derived = Initializers.DeriveSeed(9, 0);

        Assert.That(Initializers.GlorotUniform(seed, 4, 8), Is.EqualTo(glorot));
        Assert.That(Initializers.GlorotUniform(other, 4, 8), Is.Not.EqualTo(glorot));
        Assert.That(Initializers.Orthogonal(seed, 4, 16), Is.EqualTo(orthogonal));
        Assert.That(Initializers.Orthogonal(other, 4, 16), Is.Not.EqualTo(orthogonal));
        Assert.That(Initializers.DeriveSeed(9, 0), Is.EqualTo(derived));
        Assert.That(Initializers.DeriveSeed(9, 1), Is.Not.EqualTo(derived));
    }

    [TestCase(16, 64)]
    [TestCase(3, 12)]
    [TestCase(1, 4)]
    public void OrthogonalWideMatrixHasOrthonormalRows(int rows, int columns)
    {
        // The LSTM recurrent kernel [H, 4H]: Keras orthogonalises the whole matrix, so W W^T = I_H.
        double[,] gram = Gram(Initializers.Orthogonal(11, rows, columns), rows, columns, rowsOfW: true);
        AssertIdentity(gram, rows);
    }

    [TestCase(64, 16)]
    [TestCase(7, 7)]
    public void OrthogonalTallOrSquareMatrixHasOrthonormalColumns(int rows, int columns)
    {
        double[,] gram = Gram(Initializers.Orthogonal(13, rows, columns), rows, columns, rowsOfW: false);
        AssertIdentity(gram, columns);
    }

    [Test]
    public void OrthogonalGainScalesTheMatrix()
    {
        float[] unit = Initializers.Orthogonal(5, 4, 16);
        float[] scaled = Initializers.Orthogonal(5, 4, 16, gain: 2.0);
        for (int i = 0; i < unit.Length; i++)
        {
            Assert.That(scaled[i], Is.EqualTo(2.0f * unit[i]).Within(1e-6));
        }
    }

    [Test]
    public void BadShapesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Initializers.GlorotUniform(1));
        Assert.Throws<ArgumentException>(() => Initializers.GlorotUniform(1, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Orthogonal(1, 0, 4));
    }

    /// <summary>W W^T ([rows, rows]) when <paramref name="rowsOfW"/>, else W^T W ([columns, columns]).</summary>
    private static double[,] Gram(float[] w, int rows, int columns, bool rowsOfW)
    {
        int n = rowsOfW ? rows : columns;
        int inner = rowsOfW ? columns : rows;
        var gram = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double sum = 0.0;
                for (int k = 0; k < inner; k++)
                {
                    double wa = rowsOfW ? w[(a * columns) + k] : w[(k * columns) + a];
                    double wb = rowsOfW ? w[(b * columns) + k] : w[(k * columns) + b];
                    sum += wa * wb;
                }

                gram[a, b] = sum;
            }
        }

        return gram;
    }

    private static void AssertIdentity(double[,] gram, int n)
    {
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                Assert.That(gram[a, b], Is.EqualTo(a == b ? 1.0 : 0.0).Within(1e-5), $"entry ({a}, {b})");
            }
        }
    }
}
