namespace IceCube.Reco.Simulation;

/// <summary>
/// A random stream addressed by (seed, stream index): the start state is a strong hash of both, and each draw
/// advances it by the SplitMix64 step. Giving every event its own stream makes an event's content depend only on
/// the seed and the event's index, never on which thread simulated it or in what order.
/// </summary>
internal struct CounterRandom
{
    // 2^64 / golden ratio: the SplitMix64 increment, odd so the state visits all 2^64 values.
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    // 2^-53: turns the top 53 bits of a draw into a double in [0, 1).
    private const double UnitScale = 1.0 / 9007199254740992.0;

    private ulong _state;

    /// <summary>Starts the stream of <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public CounterRandom(ulong seed, ulong stream)
    {
        // Hashing twice decorrelates nearby (seed, stream) pairs, so stream k + 1 is not stream k shifted by one.
        _state = Mix(Mix(seed + Golden) ^ (stream * 0xD1B54A32D192ED03UL + Golden));
    }

    /// <summary>The SplitMix64 finaliser: a bijective avalanche hash of 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextULong()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * UnitScale;

    /// <summary>Uniform in (0, 1], safe to take the logarithm of.</summary>
    public double NextDoublePositive() => ((NextULong() >> 11) + 1) * UnitScale;

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)((NextULong() >> 32) * (ulong)count >> 32);

    /// <summary>Standard normal by the Box-Muller transform (one of the pair is used).</summary>
    public double NextNormal()
    {
        var radius = Math.Sqrt(-2.0 * Math.Log(NextDoublePositive()));
        return radius * Math.Cos(2.0 * Math.PI * NextDouble());
    }

    /// <summary>Exponential with mean 1.</summary>
    public double NextExponential() => -Math.Log(NextDoublePositive());

    /// <summary>
    /// Gamma with the given shape and scale 1, by Marsaglia and Tsang's squeeze method; a shape below 1 is drawn
    /// as Gamma(shape + 1) * U^(1/shape).
    /// </summary>
    public double NextGamma(double shape)
    {
        if (shape < 1.0)
        {
            var boosted = NextGamma(shape + 1.0);
            return boosted * Math.Pow(NextDoublePositive(), 1.0 / shape);
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            var x = NextNormal();
            var v = 1.0 + c * x;
            if (v <= 0.0)
            {
                continue;
            }

            v = v * v * v;
            var u = NextDoublePositive();
            var x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>
    /// Poisson with the given mean: inversion for small means (with a shortcut that skips the exponential for the
    /// common zero outcome), a rounded normal for means of 30 and more.
    /// </summary>
    public int NextPoisson(double mean)
    {
        if (mean <= 0.0)
        {
            return 0;
        }

        if (mean >= 30.0)
        {
            var k = Math.Round(mean + Math.Sqrt(mean) * NextNormal());
            return k <= 0.0 ? 0 : (int)Math.Min(k, int.MaxValue);
        }

        // P(N >= 1) = 1 - exp(-mean) <= mean, so any u >= mean lands on zero without computing the exponential.
        var u = NextDouble();
        if (u >= mean)
        {
            return 0;
        }

        var threshold = 1.0 - u;
        var probability = Math.Exp(-mean);
        var cumulative = probability;
        var count = 0;
        while (threshold > cumulative && count < 200)
        {
            count++;
            probability *= mean / count;
            cumulative += probability;
        }

        return count;
    }
}
