using BenchmarkDotNet.Attributes;
using IceCube.Reco.Data;
using IceCube.Reco.Simulation;

namespace IceCube.Reco.Benchmarks.Simulation;

/// <summary>
/// Simulated events per second: in memory (<see cref="EventSimulator.Simulate"/>) on one and two threads, and a
/// whole dataset written to disk (a 20,000-event train batch file, its meta, a one-event test split). LineFit over
/// the same in-memory batch for scale. Times are per event (OperationsPerInvoke), so events/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class SimulationBenchmarks
{
    private const int Events = 20_000;

    private string _root = string.Empty;
    private SimulatedBatch _batch = null!;
    private SensorGeometry _geometry = null!;
    private readonly double[] _azimuth = new double[Events];
    private readonly double[] _zenith = new double[Events];

    /// <summary>Worker threads of the simulator.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "icecube-simulation-" + Guid.NewGuid().ToString("N"));
        _geometry = DetectorGeometry.IceCube86();
        _batch = EventSimulator.Simulate(new SimulationOptions { Seed = 1, Threads = Threads }, 0, Events);
        Console.WriteLine($"// simulated: {_batch.EventCount} events, {_batch.PulseCount} pulses");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Events simulated into memory.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int SimulationInMemory() =>
        EventSimulator.Simulate(new SimulationOptions { Seed = 2, Threads = Threads }, 0, Events).PulseCount;

    /// <summary>Events simulated and written as a dataset (geometry, batch file, meta, test files).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void SimulationToDisk() =>
        EventSimulator.WriteDataset(_root, new SimulationOptions { Seed = 3, Threads = Threads, TrainEvents = Events, TestEvents = 1 });

    /// <summary>The classic LineFit over the simulated batch (single-threaded; Threads only changes the data).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public double SimulationLineFit()
    {
        LineFitBaseline.FitBatch(_geometry, _batch.SensorId, _batch.Time, _batch.Charge, _batch.Auxiliary,
            _batch.FirstPulseIndex, _batch.LastPulseIndex, _azimuth, _zenith);
        return _zenith[0];
    }
}
