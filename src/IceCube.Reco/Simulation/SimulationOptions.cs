using IceCube.Reco.Data;

namespace IceCube.Reco.Simulation;

/// <summary>
/// Settings of a simulation run. The defaults give a small dataset shaped like the competition data; every
/// setting is checked by the simulator, which names the offending property in an <see cref="ArgumentException"/>.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Seed of the random streams; the same seed and options give identical events and files.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Number of training events (at least 1).</summary>
    public int TrainEvents { get; init; } = 10_000;

    /// <summary>Number of test events (at least 1).</summary>
    public int TestEvents { get; init; } = 1_000;

    /// <summary>Events per batch file (at least 1); the real files hold 200,000.</summary>
    public int EventsPerBatch { get; init; } = 200_000;

    /// <summary>Fraction of events that are muon tracks (through-going or starting), the rest cascades; 0 to 1.</summary>
    public double TrackFraction { get; init; } = 0.7;

    /// <summary>Lowest neutrino (or muon) energy in GeV; positive and below <see cref="MaxEnergy"/>.</summary>
    public double MinEnergy { get; init; } = 100.0;

    /// <summary>Highest energy in GeV.</summary>
    public double MaxEnergy { get; init; } = 100_000.0;

    /// <summary>Spectral index gamma of the falling power law E^-gamma; finite.</summary>
    public double SpectralIndex { get; init; } = 2.0;

    /// <summary>Dark-noise rate of each sensor in Hz; zero or more.</summary>
    public double NoiseRate { get; init; } = 500.0;

    /// <summary>Length of the readout window over which noise falls, in ns; positive.</summary>
    public double EventWindow { get; init; } = 15_000.0;

    /// <summary>Geometry to simulate on (for example a real sensor_geometry.csv); null for the procedural IceCube-86.</summary>
    public SensorGeometry? Geometry { get; init; }

    /// <summary>Worker threads (at least 1); the output does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that makes no sense.</summary>
    internal void Validate()
    {
        Positive(TrainEvents, nameof(TrainEvents));
        Positive(TestEvents, nameof(TestEvents));
        Positive(EventsPerBatch, nameof(EventsPerBatch));
        Positive(Threads, nameof(Threads));
        if (!(TrackFraction >= 0.0 && TrackFraction <= 1.0))
        {
            throw new ArgumentException($"{nameof(TrackFraction)} must lie in [0, 1], got {TrackFraction}.", nameof(TrackFraction));
        }

        if (!(MinEnergy > 0.0) || !double.IsFinite(MinEnergy))
        {
            throw new ArgumentException($"{nameof(MinEnergy)} must be a positive number of GeV, got {MinEnergy}.", nameof(MinEnergy));
        }

        if (!(MaxEnergy > MinEnergy) || !double.IsFinite(MaxEnergy))
        {
            throw new ArgumentException(
                $"{nameof(MaxEnergy)} must be finite and above {nameof(MinEnergy)} ({MinEnergy} GeV), got {MaxEnergy}.",
                nameof(MaxEnergy));
        }

        if (!double.IsFinite(SpectralIndex))
        {
            throw new ArgumentException($"{nameof(SpectralIndex)} must be finite, got {SpectralIndex}.", nameof(SpectralIndex));
        }

        if (!(NoiseRate >= 0.0) || !double.IsFinite(NoiseRate))
        {
            throw new ArgumentException($"{nameof(NoiseRate)} must be zero or a positive number of Hz, got {NoiseRate}.", nameof(NoiseRate));
        }

        if (!(EventWindow > 0.0) || !double.IsFinite(EventWindow))
        {
            throw new ArgumentException($"{nameof(EventWindow)} must be a positive number of ns, got {EventWindow}.", nameof(EventWindow));
        }

        if (Geometry is not null && Geometry.Count > short.MaxValue + 1)
        {
            throw new ArgumentException(
                $"{nameof(Geometry)} has {Geometry.Count} sensors; sensor_id is INT16, so at most {short.MaxValue + 1} fit.",
                nameof(Geometry));
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be at least 1, got {value}.", name);
        }
    }
}
