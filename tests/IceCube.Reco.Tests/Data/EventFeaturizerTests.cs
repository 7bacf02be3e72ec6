using IceCube.Reco.Data;

namespace IceCube.Reco.Tests.Data;

public class EventFeaturizerTests
{
    private static readonly SensorGeometry Geometry = TestEvents.Geometry(30);

    [Test]
    public void Default_ShortEvent_MatchesHandComputedFeaturesAndZeroPadding()
    {
        var featurizer = new EventFeaturizer(FeaturizationOptions.Default with { MaxPulses = 4 }, Geometry);
        var block = Enumerable.Repeat(99f, 4 * 6).ToArray();
        var length = Featurize(featurizer, [new(2, 6000, 10.0, false), new(5, 36000, 0.1, true)], block);

        Assert.That(length, Is.EqualTo(2));
        float[] expected =
        [
            Geometry.X[2] / 500f, Geometry.Y[2] / 500f, Geometry.Z[2] / 500f, 0f, 1f / 3f, 0f,
            Geometry.X[5] / 500f, Geometry.Y[5] / 500f, Geometry.Z[5] / 500f, 1f, -1f / 3f, 1f,
        ];
        Assert.That(block[..12], Is.EqualTo(expected).Within(1e-6f));
        Assert.That(block[12..], Is.All.EqualTo(0f));
    }

    [Test]
    public void NonAuxiliaryFirst_KeepsNonAuxiliaryThenEarliestAuxiliary_InTimeOrder()
    {
        // 6 pulses, L = 4: the 2 non-auxiliary (t = 30, 50) and the 2 earliest auxiliary (t = 10, 20).
        TestPulse[] pulses =
        [
            new(0, 10, 1, true), new(1, 20, 1, true), new(2, 30, 1, false),
            new(3, 40, 1, true), new(4, 50, 1, false), new(5, 60, 1, true),
        ];
        Assert.That(KeptSensors(FeaturizationOptions.Default with { MaxPulses = 4 }, pulses), Is.EqualTo(new[] { 0, 1, 2, 4 }));
        // L = 1: only the earliest non-auxiliary pulse.
        Assert.That(KeptSensors(FeaturizationOptions.Default with { MaxPulses = 1 }, pulses), Is.EqualTo(new[] { 2 }));
        // Notebook policy drops auxiliary pulses even when there is room.
        Assert.That(KeptSensors(FeaturizationOptions.Notebook, pulses), Is.EqualTo(new[] { 2, 4 }));
    }

    [Test]
    public void UnsortedEvent_IsSelectedAndWrittenInTimeOrder()
    {
        TestPulse[] pulses = [new(0, 50, 1, false), new(1, 10, 1, true), new(2, 30, 1, false), new(3, 5, 1, true)];
        Assert.That(KeptSensors(FeaturizationOptions.Default with { MaxPulses = 3 }, pulses), Is.EqualTo(new[] { 3, 2, 0 }));
        var featurizer = new EventFeaturizer(FeaturizationOptions.Default with { MaxPulses = 3 }, Geometry);
        var block = new float[18];
        Featurize(featurizer, pulses, block);
        Assert.That(new[] { block[3], block[9], block[15] }, Is.EqualTo(new[] { 0f, 25f / 3e4f, 45f / 3e4f }).Within(1e-9f));
    }

    [Test]
    public void RandomEvents_MatchIndependentReference([Values] bool notebook)
    {
        var options = notebook ? FeaturizationOptions.Notebook with { MaxPulses = 12 } : FeaturizationOptions.Default with { MaxPulses = 12 };
        var featurizer = new EventFeaturizer(options, Geometry);
        var random = new Random(9);
        foreach (var e in TestEvents.Random(random, 0, 200, 30, Geometry.Count))
        {
            var pulses = e.Pulses;
            if (random.Next(4) == 0)
            {
                pulses = [.. pulses.OrderBy(_ => random.Next())];
            }

            var block = new float[12 * options.FeatureCount];
            var length = Featurize(featurizer, pulses, block);
            var expected = Reference(options, pulses);
            Assert.That(length, Is.EqualTo(expected.Length / options.FeatureCount));
            Assert.That(block[..expected.Length], Is.EqualTo(expected).Within(2e-5));
            Assert.That(block[expected.Length..], Is.All.EqualTo(0f));
        }
    }

    [Test]
    public void Centred_HandComputedEvent_CentresOnNonAuxiliaryChargeWeightedMeans()
    {
        // Sensors at (0, 0, 0), (300, 0, 0) and (0, 600, 0) m; scales 300 m and 1,000 ns.
        var geometry = new SensorGeometry([0f, 300f, 0f], [0f, 0f, 600f], [0f, 0f, 0f]);
        var featurizer = new EventFeaturizer(FeaturizationOptions.Centred with { MaxPulses = 4 }, geometry);
        var block = Enumerable.Repeat(99f, 4 * 12).ToArray();
        // Non-auxiliary: sensor 0 at 1,000 ns with 1 p.e., sensor 1 at 3,000 ns with 3 p.e.; the auxiliary pulse on
        // sensor 2 does not move the centre: x = (0 + 3 * 300) / 4 = 225 m = 0.75 units, t = (1000 + 3 * 3000) / 4 = 2500 ns.
        var length = Featurize(featurizer, [new(0, 1000, 1.0, false), new(1, 3000, 3.0, false), new(2, 2000, 1.0, true)], block);

        Assert.That(length, Is.EqualTo(3));
        float[] expected =
        [
            0f, 0f, 0f, -0.75f, 0f, 0f, -1.5f, 0f, 0f, 1.125f, 0f, 0f,
            0f, 2f, 0f, -0.75f, 2f, 0f, -0.5f, 0f, 1f, 0f, 0f, 0f,
            1f, 0f, 0f, 0.25f, 0f, 0f, 0.5f, (float)(Math.Log10(3.0) / 3.0), 0f, 0.125f, 0f, 0f,
        ];
        Assert.That(block[..36], Is.EqualTo(expected).Within(1e-6f));
        Assert.That(block[36..], Is.All.EqualTo(0f));
    }

    [Test]
    public void Centred_RandomEvents_MatchIndependentReference([Values] bool allAuxiliary)
    {
        var options = FeaturizationOptions.Centred with { MaxPulses = 12 };
        var featurizer = new EventFeaturizer(options, Geometry);
        var random = new Random(17);
        foreach (var e in TestEvents.Random(random, 0, 200, 30, Geometry.Count))
        {
            var pulses = allAuxiliary ? [.. e.Pulses.Select(p => p with { Auxiliary = true })] : e.Pulses;
            if (random.Next(4) == 0)
            {
                pulses = [.. pulses.OrderBy(_ => random.Next())];
            }

            var block = new float[12 * 12];
            var length = Featurize(featurizer, pulses, block);
            var expected = Reference(options, pulses);
            Assert.That(length, Is.EqualTo(expected.Length / 12));
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.That(block[i], Is.EqualTo(expected[i]).Within(2e-5 * Math.Max(1.0, Math.Abs(expected[i]))), $"feature {i % 12} of pulse {i / 12}");
            }

            Assert.That(block[expected.Length..], Is.All.EqualTo(0f));
        }
    }

    [Test]
    public void EmptyOrFullyDroppedEvent_HasLengthZeroAndZeroFeatures()
    {
        var block = Enumerable.Repeat(1f, 100 * 5).ToArray();
        var notebook = new EventFeaturizer(FeaturizationOptions.Notebook, Geometry);
        Assert.That(Featurize(notebook, [new(1, 5, 1, true), new(2, 6, 1, true)], block), Is.Zero);
        Assert.That(block, Is.All.EqualTo(0f));

        var scaled = new EventFeaturizer(FeaturizationOptions.Default, Geometry);
        block = Enumerable.Repeat(1f, 128 * 6).ToArray();
        Assert.That(Featurize(scaled, [], block), Is.Zero);
        Assert.That(block, Is.All.EqualTo(0f));
    }

    [Test]
    public void Standardized_SinglePulse_IsZeroNotNaN()
    {
        var featurizer = new EventFeaturizer(FeaturizationOptions.Notebook, Geometry);
        var block = new float[100 * 5];
        Assert.That(Featurize(featurizer, [new(3, 100, 2.5, false)], block), Is.EqualTo(1));
        Assert.That(block, Is.All.EqualTo(0f));
    }

    [Test]
    public void Options_RoundTripThroughJson_AndRefuseBadValues()
    {
        foreach (var options in new[] { FeaturizationOptions.Default, FeaturizationOptions.Notebook, FeaturizationOptions.Centred, FeaturizationOptions.Default with { TimeScale = 1e4 } })
        {
            var json = options.ToJson();
            Assert.That(FeaturizationOptions.FromJson(json), Is.EqualTo(options));
        }

        Assert.That(FeaturizationOptions.Notebook.ToJson(), Does.Contain("NonAuxiliaryOnly"));
        Assert.That(FeaturizationOptions.Default.FeatureCount, Is.EqualTo(6));
        Assert.That(FeaturizationOptions.Notebook.FeatureCount, Is.EqualTo(5));
        Assert.That(FeaturizationOptions.Centred.FeatureCount, Is.EqualTo(12));
        Assert.That(FeaturizationOptions.Centred.ToJson(), Does.Contain("\"Centred\""));
        Assert.Throws<ArgumentException>(() => (FeaturizationOptions.Default with { MaxPulses = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (FeaturizationOptions.Default with { TimeScale = double.NaN }).Validate());
        Assert.Throws<ArgumentException>(() => (FeaturizationOptions.Default with { Selection = (PulseSelection)7 }).Validate());
        Assert.Throws<ArgumentException>(() => FeaturizationOptions.FromJson("{\"MaxPulses\": -3}"));
        Assert.Throws<ArgumentException>(() => FeaturizationOptions.FromJson("not json"));
    }

    private static int Featurize(EventFeaturizer featurizer, TestPulse[] pulses, float[] block) =>
        featurizer.Featurize(
            new EventPulses(
                pulses.Select(p => p.Sensor).ToArray(),
                pulses.Select(p => p.Time).ToArray(),
                pulses.Select(p => (float)p.Charge).ToArray(),
                pulses.Select(p => p.Auxiliary).ToArray()),
            block);

    // Sensor ids of the kept pulses, read back from the x feature (distinct per sensor in this geometry).
    private static int[] KeptSensors(FeaturizationOptions options, TestPulse[] pulses)
    {
        var geometry = new SensorGeometry(
            [.. Enumerable.Range(0, 10).Select(i => (float)i)], new float[10], new float[10]);
        var featurizer = new EventFeaturizer(options with { Features = FeatureSet.PositionTimeChargeAuxiliary, PositionScale = 1 }, geometry);
        var block = new float[options.MaxPulses * 6];
        var length = Featurize(featurizer, pulses, block);
        return [.. Enumerable.Range(0, length).Select(k => (int)block[k * 6])];
    }

    // Straight from the written definitions: time order (ties by row), the selection policy, then the features.
    private static float[] Reference(FeaturizationOptions options, TestPulse[] pulses)
    {
        var ordered = pulses.Select((p, row) => (p, row)).OrderBy(x => x.p.Time).ThenBy(x => x.row).Select(x => x.p).ToList();
        List<TestPulse> kept;
        if (options.Selection == PulseSelection.NonAuxiliaryOnly)
        {
            kept = [.. ordered.Where(p => !p.Auxiliary).Take(options.MaxPulses)];
        }
        else if (ordered.Count <= options.MaxPulses)
        {
            kept = ordered;
        }
        else
        {
            var chosen = ordered.Where(p => !p.Auxiliary).Take(options.MaxPulses).ToList();
            chosen.AddRange(ordered.Where(p => p.Auxiliary).Take(options.MaxPulses - chosen.Count));
            kept = [.. chosen.OrderBy(p => ordered.IndexOf(p))];
        }

        if (options.Features == FeatureSet.Centred)
        {
            return CentredReference(options, kept);
        }

        var rows = new List<double[]>();
        var t0 = ordered.Count > 0 ? ordered[0].Time : 0;
        foreach (var p in kept)
        {
            double x = Geometry.X[p.Sensor], y = Geometry.Y[p.Sensor], z = Geometry.Z[p.Sensor];
            var charge = (double)(float)p.Charge;
            rows.Add(options.Features == FeatureSet.PositionTimeChargeAuxiliary
                ? [x / 500, y / 500, z / 500, (p.Time - t0) / 3e4, Math.Log10(charge) / 3, p.Auxiliary ? 1 : 0]
                : [p.Time, charge, x, y, z]);
        }

        if (options.Features == FeatureSet.StandardizedTimeChargePosition && rows.Count > 0)
        {
            for (var f = 0; f < 5; f++)
            {
                var mean = rows.Average(r => r[f]);
                var std = Math.Sqrt(rows.Average(r => (r[f] - mean) * (r[f] - mean)));
                foreach (var r in rows)
                {
                    r[f] = std > 1e-9 ? (r[f] - mean) / std : 0;
                }
            }
        }

        return [.. rows.SelectMany(r => r.Select(v => (float)v))];
    }

    // The centred set from its definition, in double: centre = charge-weighted means over the kept non-auxiliary
    // pulses (all kept pulses when none is), products zero for auxiliary pulses.
    private static float[] CentredReference(FeaturizationOptions options, List<TestPulse> kept)
    {
        var centreSet = kept.Any(p => !p.Auxiliary) ? kept.Where(p => !p.Auxiliary).ToList() : kept;
        var weights = centreSet.Sum(p => (double)(float)p.Charge);
        double Mean(Func<TestPulse, double> value) => centreSet.Sum(p => (double)(float)p.Charge * value(p)) / weights;
        var cx = Mean(p => Geometry.X[p.Sensor]);
        var cy = Mean(p => Geometry.Y[p.Sensor]);
        var cz = Mean(p => Geometry.Z[p.Sensor]);
        var ct = Mean(p => p.Time);
        var r = options.PositionScale;
        var values = new List<double>();
        foreach (var p in kept)
        {
            double x = Geometry.X[p.Sensor], y = Geometry.Y[p.Sensor], z = Geometry.Z[p.Sensor];
            var dt = (p.Time - ct) / options.TimeScale;
            var product = p.Auxiliary ? 0.0 : dt;
            values.AddRange(
            [
                x / r, y / r, z / r, (x - cx) / r, (y - cy) / r, (z - cz) / r, dt,
                Math.Log10((float)p.Charge) / options.LogChargeScale, p.Auxiliary ? 1 : 0,
                (x - cx) / r * product, (y - cy) / r * product, (z - cz) / r * product,
            ]);
        }

        return [.. values.Select(v => (float)v)];
    }
}
