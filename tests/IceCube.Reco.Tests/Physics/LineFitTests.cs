using IceCube.Reco.Physics;

namespace IceCube.Reco.Tests.Physics;

public class LineFitTests
{
    // Plain double-precision reference of the classic fit: v = sum w (r - r_mean)(t - t_mean) / sum w (t - t_mean)^2
    // over the pulses with include[i], direction -v / |v| as (azimuth, zenith).
    private static (double Azimuth, double Zenith) ReferenceFit(
        double[] x, double[] y, double[] z, double[] t, double[] w, bool[] include)
    {
        double sw = 0, mt = 0, mx = 0, my = 0, mz = 0;
        for (var i = 0; i < t.Length; i++)
        {
            if (!include[i])
            {
                continue;
            }

            sw += w[i];
            mt += w[i] * t[i];
            mx += w[i] * x[i];
            my += w[i] * y[i];
            mz += w[i] * z[i];
        }

        mt /= sw;
        mx /= sw;
        my /= sw;
        mz /= sw;
        double tt = 0, vx = 0, vy = 0, vz = 0;
        for (var i = 0; i < t.Length; i++)
        {
            if (!include[i])
            {
                continue;
            }

            var dt = t[i] - mt;
            tt += w[i] * dt * dt;
            vx += w[i] * (x[i] - mx) * dt;
            vy += w[i] * (y[i] - my) * dt;
            vz += w[i] * (z[i] - mz) * dt;
        }

        var norm = Math.Sqrt(vx * vx + vy * vy + vz * vz);
        var ux = -vx / norm;
        var uy = -vy / norm;
        var uz = -vz / norm;
        var azimuth = Math.Atan2(uy, ux);
        return (azimuth < 0 ? azimuth + 2 * Math.PI : azimuth, Math.Acos(uz));
    }

    private static double Angle(double a1, double z1, double a2, double z2) =>
        Math.Acos(Math.Clamp(Math.Sin(z1) * Math.Sin(z2) * Math.Cos(a1 - a2) + Math.Cos(z1) * Math.Cos(z2), -1, 1));

    [Test]
    public void PulsesOnAStraightTrackGiveItsDirectionExactly()
    {
        // A particle moving along v = (0.1, -0.2, -0.25) m/ns: it comes from u = -v / |v|.
        double[] v = [0.1, -0.2, -0.25];
        var times = new long[] { 100, 250, 400, 700, 1000, 1300 };
        var x = times.Select(t => 10 + v[0] * t).ToArray();
        var y = times.Select(t => -40 + v[1] * t).ToArray();
        var z = times.Select(t => 300 + v[2] * t).ToArray();
        var charges = new[] { 1.0, 3.0, 0.5, 2.0, 1.0, 7.0 };
        var (ux, uy, uz) = LineFit.FitUnitVector(x, y, z, times, charges, new bool[6]);
        var norm = Math.Sqrt(v.Sum(c => c * c));
        Assert.That(ux, Is.EqualTo(-v[0] / norm).Within(1e-5));
        Assert.That(uy, Is.EqualTo(-v[1] / norm).Within(1e-5));
        Assert.That(uz, Is.EqualTo(-v[2] / norm).Within(1e-5));
    }

    [Test]
    public void MatchesThePlainReferenceOnScatteredPulses()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = random.Next(6, 40);
            var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1000 - 500).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1000 - 500).ToArray();
            var z = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1000 - 500).ToArray();
            var t = Enumerable.Range(0, n).Select(_ => (long)random.Next(6000, 20000)).ToArray();
            var q = Enumerable.Range(0, n).Select(_ => 0.025 * random.Next(1, 200)).ToArray();
            var aux = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.4).ToArray();
            var td = t.Select(v => (double)v).ToArray();

            var clean = aux.Count(a => !a);
            var include = clean >= 5 ? aux.Select(a => !a).ToArray() : Enumerable.Repeat(true, n).ToArray();
            var expected = ReferenceFit(x, y, z, td, q, include);
            var fit = LineFit.Fit(x, y, z, t, q, aux);
            Assert.That(Angle(fit.Azimuth, fit.Zenith, expected.Azimuth, expected.Zenith), Is.LessThan(1e-6), $"trial {trial}");

            var all = ReferenceFit(x, y, z, td, q, Enumerable.Repeat(true, n).ToArray());
            var fitAll = LineFit.Fit(x, y, z, t, q, aux, new LineFitOptions { NonAuxiliaryOnly = false });
            Assert.That(Angle(fitAll.Azimuth, fitAll.Zenith, all.Azimuth, all.Zenith), Is.LessThan(1e-6), $"trial {trial}, all pulses");
        }
    }

    [Test]
    public void AuxiliaryPulsesAreIgnoredOnlyWhenEnoughOthersRemain()
    {
        // Five clean pulses on a vertical down-going track, plus two wild auxiliary ones.
        double[] x = [0, 0, 0, 0, 0, 400, -300];
        double[] y = [0, 0, 0, 0, 0, 200, 100];
        double[] z = [400, 300, 200, 100, 0, -400, 450];
        long[] t = [1000, 1333, 1667, 2000, 2333, 1100, 2200];
        bool[] aux = [false, false, false, false, false, true, true];
        double[] q = [1, 1, 1, 1, 1, 5, 5];
        var (_, zenith) = LineFit.Fit(x, y, z, t, q, aux);
        Assert.That(zenith, Is.EqualTo(0.0).Within(1e-3), "a down-going particle comes from zenith 0");

        // With only four clean pulses the fit falls back to all seven, wild ones included.
        aux[4] = true;
        var fallback = LineFit.Fit(x, y, z, t, q, aux);
        var withAll = LineFit.Fit(x, y, z, t, q, aux, new LineFitOptions { NonAuxiliaryOnly = false });
        Assert.That(fallback, Is.EqualTo(withAll));
        Assert.That(fallback.Zenith, Is.GreaterThan(0.05));
    }

    [Test]
    public void TheImprovedFitResistsAnOutlier()
    {
        // Twelve pulses within 30 m of a horizontal track along +x (it comes from azimuth pi), one late bright pulse
        // 250 m off it that tilts the least-squares fit.
        var n = 13;
        var x = new double[n];
        var y = new double[n];
        var z = new double[n];
        var t = new long[n];
        var q = Enumerable.Repeat(1.0, n).ToArray();
        for (var i = 0; i < 12; i++)
        {
            x[i] = -300 + 50 * i;
            y[i] = (i % 3 - 1) * 20;
            z[i] = (i % 2) * 15;
            t[i] = 10_000 + (long)Math.Round(50 * i / 0.3);
        }

        (x[12], y[12], z[12], t[12], q[12]) = (300, 250, 0, 11_800, 3);
        var classic = LineFit.Fit(x, y, z, t, q, new bool[n]);
        var improved = LineFit.Fit(x, y, z, t, q, new bool[n], new LineFitOptions { Improved = true, HuberDistance = 40 });
        var classicError = Angle(classic.Azimuth, classic.Zenith, Math.PI, Math.PI / 2);
        var improvedError = Angle(improved.Azimuth, improved.Zenith, Math.PI, Math.PI / 2);
        Assert.That(classicError, Is.GreaterThan(0.1));
        Assert.That(improvedError, Is.LessThan(classicError / 2));
    }

    [Test]
    public void DegenerateEventsGetTheFallbackNeverNaN()
    {
        var fallback = (LineFit.FallbackAzimuth, LineFit.FallbackZenith);
        Assert.That(LineFit.Fit([], [], [], [], [], []), Is.EqualTo(fallback), "no pulse");
        Assert.That(LineFit.Fit([10], [0], [0], [5000], [1.0], [false]), Is.EqualTo(fallback), "one pulse");
        Assert.That(LineFit.Fit([0, 10, 20], [0, 0, 0], [0, 0, 5], [7000, 7000, 7000], [1.0, 2.0, 1.0], [false, false, false]), Is.EqualTo(fallback), "one time");
        Assert.That(LineFit.Fit([0, 0, 0], [0, 0, 0], [0, 0, 0], [7000, 7100, 7200], [1.0, 2.0, 1.0], [true, true, true]), Is.EqualTo(fallback), "one place");
        Assert.That(LineFit.Fit([0, 10], [0, 0], [0, 0], [7000, 7100], [0.0, 0.0], [false, false]), Is.EqualTo(fallback), "no charge");
        var improved = LineFit.Fit([0, 10], [0, 0], [0, 0], [7000, 7000], [1.0, 1.0], [false, false], new LineFitOptions { Improved = true });
        Assert.That(improved, Is.EqualTo(fallback));
    }

    [Test]
    public void BadInputIsRefusedByName()
    {
        var length = Assert.Throws<ArgumentException>(() => LineFit.Fit([0, 1], [0, 1], [0], [1, 2], [1, 1], [false, false]));
        Assert.That(length!.Message, Does.Contain("z 1"));
        Assert.Throws<ArgumentException>(() => LineFit.FitUnitVector([0, 1], [0, 1], [0, 1], [1, 2], [1, 1], [false]));
        var option = Assert.Throws<ArgumentException>(() => LineFit.Fit([], [], [], [], [], [], new LineFitOptions { MinimumPulses = 1 }));
        Assert.That(option!.ParamName, Is.EqualTo(nameof(LineFitOptions.MinimumPulses)));
    }
}
