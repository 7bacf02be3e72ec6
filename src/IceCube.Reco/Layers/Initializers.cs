namespace IceCube.Reco.Layers;

/// <summary>
/// Host-side weight initialisers with Keras' definitions, drawn from a seeded generator so the same seed gives the
/// same weights on every machine and run (no dependence on <see cref="Random"/>'s implementation). Each returns a
/// row-major float array ready to upload into a <see cref="Parameter"/>'s value.
/// </summary>
/// <remarks>
/// The generator is SplitMix64 (a 64-bit counter passed through a fixed bit mixer): tiny, fast, statistically sound
/// for initialisation, and fully specified here, so a checkpoint's weights can be regenerated from its seed.
/// </remarks>
internal static class Initializers
{
    /// <summary>The SplitMix64 increment (2^64 / golden ratio, odd).</summary>
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// Keras' GlorotUniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)). Fans follow Keras: for a
    /// matrix [in, out] they are in and out; for a convolution kernel [K, Cin, Cout] both are multiplied by the
    /// receptive field K (fan_in = K * Cin, fan_out = K * Cout). A rank-1 shape [n] counts as fan_in = fan_out = n.
    /// </summary>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="shape">The tensor's shape, outermost first; the last two dimensions are (in, out).</param>
    /// <returns>The weights, row-major over <paramref name="shape"/>.</returns>
    /// <exception cref="ArgumentException">The shape is empty or has a dimension below 1.</exception>
    public static float[] GlorotUniform(ulong seed, params ReadOnlySpan<int> shape)
    {
        long count = CheckedCount(shape);
        (double fanIn, double fanOut) = KerasFans(shape);
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        var values = new float[count];
        ulong state = seed;
        for (long i = 0; i < count; i++)
        {
            values[i] = (float)(((2.0 * NextUnit(ref state)) - 1.0) * limit);
        }

        return values;
    }

    /// <summary>
    /// Keras' Orthogonal for a matrix [<paramref name="rows"/>, <paramref name="columns"/>]: a Gaussian matrix of
    /// shape [max, min] is factorised Q R with R's diagonal made positive, and Q (transposed when rows &lt; columns)
    /// times <paramref name="gain"/> is returned. The result has orthonormal rows when rows &lt;= columns
    /// (W W^T = gain^2 I) and orthonormal columns otherwise (W^T W = gain^2 I). For an LSTM's recurrent kernel
    /// [H, 4H] Keras orthogonalises the whole matrix, so its H rows are orthonormal; the per-gate [H, H] blocks are not.
    /// </summary>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="rows">Rows of the matrix (at least 1).</param>
    /// <param name="columns">Columns of the matrix (at least 1).</param>
    /// <param name="gain">The factor the orthogonal matrix is multiplied by (Keras' default 1).</param>
    /// <returns>The matrix, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1.</exception>
    public static float[] Orthogonal(ulong seed, int rows, int columns, double gain = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        int tall = Math.Max(rows, columns);
        int narrow = Math.Min(rows, columns);
        _ = CheckedCount([tall, narrow]);

        // q[r, c] at r * narrow + c: a tall Gaussian matrix whose columns are orthonormalised in place.
        var q = new double[tall * narrow];
        ulong state = seed;
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = NextGaussian(ref state);
        }

        OrthonormaliseColumns(q, tall, narrow);

        var values = new float[rows * columns];
        for (int r = 0; r < tall; r++)
        {
            for (int c = 0; c < narrow; c++)
            {
                // Rows < columns: the result is Q^T, so Q's row r becomes column r.
                int target = rows >= columns ? (r * columns) + c : (c * columns) + r;
                values[target] = (float)(gain * q[(r * narrow) + c]);
            }
        }

        return values;
    }

    /// <summary>
    /// An independent seed for the <paramref name="stream"/>-th tensor of something seeded with
    /// <paramref name="seed"/> (e.g. a layer's kernel and recurrent kernel), so tensors never share a sequence.
    /// </summary>
    public static ulong DeriveSeed(ulong seed, ulong stream)
    {
        ulong state = seed ^ Mix(stream + GoldenGamma);
        return NextRaw(ref state);
    }

    /// <summary>
    /// Modified Gram-Schmidt on the columns of a [rows, columns] matrix (rows &gt;= columns), in double precision.
    /// This is the QR factorisation whose R has a positive diagonal, i.e. exactly Keras' Q after its sign fix
    /// (q *= sign(diag(r))), since that QR is unique for a full-rank matrix.
    /// </summary>
    private static void OrthonormaliseColumns(double[] q, int rows, int columns)
    {
        for (int c = 0; c < columns; c++)
        {
            for (int p = 0; p < c; p++)
            {
                double dot = 0.0;
                for (int r = 0; r < rows; r++)
                {
                    dot += q[(r * columns) + p] * q[(r * columns) + c];
                }

                for (int r = 0; r < rows; r++)
                {
                    q[(r * columns) + c] -= dot * q[(r * columns) + p];
                }
            }

            double norm = 0.0;
            for (int r = 0; r < rows; r++)
            {
                norm += q[(r * columns) + c] * q[(r * columns) + c];
            }

            // A Gaussian matrix is rank-deficient with probability 0; guard anyway rather than divide by 0.
            norm = Math.Sqrt(norm);
            if (norm < 1e-300)
            {
                throw new InvalidOperationException("The Gaussian draw for the orthogonal initialiser was rank-deficient.");
            }

            for (int r = 0; r < rows; r++)
            {
                q[(r * columns) + c] /= norm;
            }
        }
    }

    /// <summary>Keras' compute_fans: (fan_in, fan_out) of a weight shape.</summary>
    private static (double FanIn, double FanOut) KerasFans(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 1)
        {
            return (shape[0], shape[0]);
        }

        double receptiveField = 1.0;
        for (int i = 0; i < shape.Length - 2; i++)
        {
            receptiveField *= shape[i];
        }

        return (shape[^2] * receptiveField, shape[^1] * receptiveField);
    }

    private static long CheckedCount(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0)
        {
            throw new ArgumentException("An initialiser needs a shape of rank 1 or more.", nameof(shape));
        }

        long count = 1;
        foreach (int dimension in shape)
        {
            if (dimension < 1)
            {
                throw new ArgumentException(
                    $"Every dimension must be at least 1; got [{string.Join(", ", shape.ToArray())}].", nameof(shape));
            }

            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException(
                    $"The shape [{string.Join(", ", shape.ToArray())}] has more elements than an array can hold.", nameof(shape));
            }
        }

        return count;
    }

    /// <summary>A standard normal draw by the Box-Muller transform (one of the pair is used: simple and exact).</summary>
    private static double NextGaussian(ref ulong state)
    {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextUnit(ref state)));
        return radius * Math.Cos(2.0 * Math.PI * NextUnit(ref state));
    }

    /// <summary>A uniform draw from [0, 1) with 53 random bits.</summary>
    private static double NextUnit(ref ulong state) => (NextRaw(ref state) >> 11) * (1.0 / (1UL << 53));

    private static ulong NextRaw(ref ulong state)
    {
        state += GoldenGamma;
        return Mix(state);
    }

    /// <summary>SplitMix64's finaliser: a bijective mixer of all 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
