using BenchmarkDotNet.Attributes;
using IceCube.Reco.Data;

namespace IceCube.Reco.Benchmarks.Data;

/// <summary>
/// Parquet to feature buffers: one pass of a generator over a realistic batch file (200,000 events, ~30 M pulses,
/// median ~60 pulses per event with a heavy tail, ~60% auxiliary) written by the setup with the library's own
/// writers. Times are per event (OperationsPerInvoke), so events/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class IngestBenchmarks
{
    private const int Events = 200_000;
    private const int Sensors = 5160;
    private const int BatchSize = 256;

    private string _root = string.Empty;
    private KaggleDataset _dataset = null!;
    private IceCubeDataGenerator _train = null!;
    private IceCubeDataGenerator _notebook = null!;
    private readonly PulseBatchReader _reader = new();
    private readonly PulseBatch _pulses = new();

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "icecube-ingest-" + Guid.NewGuid().ToString("N"));
        var pulses = WriteDataset(_root);
        _dataset = KaggleDataset.Open(_root);
        var options = new DatasetOptions { ValidationFraction = 0.0, Seed = 1 };
        _train = _dataset.Train(BatchSize, FeaturizationOptions.Default, options);
        _notebook = _dataset.Train(BatchSize, FeaturizationOptions.Notebook, options);
        Console.WriteLine($"// ingest data: {_dataset.TrainEventCount} events, {pulses} pulses, {new FileInfo(KaggleLayout.BatchPath(_root, KaggleSplit.Train, 1)).Length / 1e6:F0} MB batch file");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Default featurisation (L = 128, F = 6), shuffled training pass with targets.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long IngestDefault() => Pass(_train);

    /// <summary>The notebook's featurisation (L = 100, F = 5, non-auxiliary, standardised per event).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long IngestNotebook() => Pass(_notebook);

    /// <summary>The parquet half alone: batch file into columnar pulse arrays (no meta, no featurisation).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long IngestPulsesOnly()
    {
        _reader.Read(KaggleLayout.BatchPath(_root, KaggleSplit.Train, 1), 1, Sensors, _pulses);
        return _pulses.Count;
    }

    private static long Pass(IceCubeDataGenerator generator)
    {
        long events = 0;
        foreach (var batch in generator)
        {
            events += batch.Count;
        }

        if (events != Events)
        {
            throw new InvalidOperationException($"Expected {Events} events, got {events}.");
        }

        return events;
    }

    // Geometry, train meta and one batch file shaped like the real batch_1: pulses per event log-normal with
    // median 60 and mean ~150 (capped at 20,000), 60% auxiliary, charges in steps of 0.025 p.e.
    // Returns the number of pulses written.
    private static long WriteDataset(string root)
    {
        var random = new Random(20261128);
        var x = new float[Sensors];
        var y = new float[Sensors];
        var z = new float[Sensors];
        for (var s = 0; s < Sensors; s++)
        {
            x[s] = -570f + 1146f * (s / 60 % 9) / 8f;
            y[s] = -520f + 1030f * (s / 60 / 9) / 9f;
            z[s] = 500f - 17.02f * (s % 60);
        }

        new SensorGeometry(x, y, z).Save(KaggleLayout.GeometryPath(root));

        const int rowGroupRows = 1 << 20;
        var sensor = new short[rowGroupRows + 20_000];
        var time = new long[sensor.Length];
        var charge = new double[sensor.Length];
        var auxiliary = new bool[sensor.Length];
        var eventIds = new long[sensor.Length];
        var first = new long[Events];
        var last = new long[Events];
        var azimuth = new double[Events];
        var zenith = new double[Events];
        var ids = new long[Events];
        using (var pulses = new PulseBatchWriter(KaggleLayout.BatchPath(root, KaggleSplit.Train, 1)))
        {
            var rows = 0;
            var fileRow = 0L;
            for (var e = 0; e < Events; e++)
            {
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var n = (int)Math.Clamp(Math.Exp(Math.Log(60) + 1.354 * normal), 1, 20_000);
                ids[e] = 24 + 17L * e;
                first[e] = fileRow;
                last[e] = fileRow + n - 1;
                azimuth[e] = random.NextDouble() * 2 * Math.PI;
                zenith[e] = Math.Acos(2 * random.NextDouble() - 1);
                var t = 5700L + random.Next(0, 1000);
                for (var p = 0; p < n; p++)
                {
                    t += random.Next(0, 120);
                    sensor[rows] = (short)random.Next(Sensors);
                    time[rows] = t;
                    charge[rows] = 0.025 * (1 + (int)(40 * -Math.Log(1 - random.NextDouble())));
                    auxiliary[rows] = random.NextDouble() < 0.6;
                    eventIds[rows] = ids[e];
                    rows++;
                }

                fileRow += n;
                if (rows >= rowGroupRows || e == Events - 1)
                {
                    pulses.WriteRowGroup(sensor.AsSpan(0, rows), time.AsSpan(0, rows), charge.AsSpan(0, rows),
                        auxiliary.AsSpan(0, rows), eventIds.AsSpan(0, rows));
                    rows = 0;
                }
            }

            pulses.Commit();
        }

        using var meta = new MetaWriter(KaggleLayout.MetaPath(root, KaggleSplit.Train), withTargets: true);
        meta.WriteRowGroup(Enumerable.Repeat(1L, Events).ToArray(), ids, first, last, azimuth, zenith);
        meta.Commit();
        return last[^1] + 1;
    }
}
