namespace IceCube.Reco.Simulation;

/// <summary>
/// The photons of one attempt at an event. A sensor's expected p.e. within the current band becomes a Poisson count
/// of photons, each delayed after its direct (Cherenkov) arrival by a Pandel gamma-distributed time whose spread
/// grows with distance in scattering lengths. <see cref="PulseBuffer.Form"/> merges them into pulses.
/// </summary>
internal sealed class PhotonEmitter
{
    // At most this many photon times are drawn per sensor and source; more photons share the draws as weights,
    // which keeps bright events affordable and mostly changes the charges (pulses already merge within 10 ns).
    private const int MaxPhotonDraws = 128;

    // Pandel time-residual model: delay ~ Gamma(shape d / scattering length, rate 1/PandelTau + c_ice / absorption
    // length), PandelTau in ns.
    private const double PandelTau = 557.0;

    private readonly DetectorLayout _layout;
    private readonly IceModel _ice;

    private int[] _sensor = new int[4096];
    private double[] _time = new double[4096];
    private float[] _weight = new float[4096];
    private int _count;

    /// <summary>Creates the photon store of one worker.</summary>
    public PhotonEmitter(DetectorLayout layout, IceModel ice)
    {
        _layout = layout;
        _ice = ice;
    }

    /// <summary>The least expected p.e. the current light pass simulates.</summary>
    public double Floor { get; private set; }

    /// <summary>Sensors expecting this many p.e. or more are left to another pass.</summary>
    public double Ceiling { get; private set; }

    /// <summary>The number of photon draws so far.</summary>
    public int Count => _count;

    /// <summary>Each draw's sensor.</summary>
    public ReadOnlySpan<int> Sensors => _sensor.AsSpan(0, _count);

    /// <summary>Each draw's arrival time (ns).</summary>
    public ReadOnlySpan<double> Times => _time.AsSpan(0, _count);

    /// <summary>The photons each draw stands for.</summary>
    public ReadOnlySpan<float> Weights => _weight.AsSpan(0, _count);

    /// <summary>Forgets every photon (a new attempt).</summary>
    public void Clear() => _count = 0;

    /// <summary>Sets the band of expected p.e. the next light pass simulates: at least floor, below ceiling.</summary>
    public void SetBand(double floor, double ceiling)
    {
        Floor = floor;
        Ceiling = ceiling;
    }

    /// <summary>
    /// Draws the photons of one source on <paramref name="sensor"/> when <paramref name="expected"/> p.e. lies in
    /// the band.
    /// </summary>
    /// <param name="rng">The event's stream.</param>
    /// <param name="sensor">The sensor.</param>
    /// <param name="expected">Expected p.e.</param>
    /// <param name="distance">Distance (m) the light travels.</param>
    /// <param name="directTime">Arrival time (ns) of unscattered light.</param>
    /// <param name="emitZ">Height (m) of the emission point.</param>
    /// <param name="inverseScattering">Mean inverse scattering length (1/m) along the path.</param>
    public void Emit(
        ref CounterRandom rng, int sensor, double expected, double distance, double directTime, double emitZ,
        double inverseScattering)
    {
        if (expected < Floor || expected >= Ceiling)
        {
            return;
        }

        var photons = rng.NextPoisson(expected);
        if (photons == 0)
        {
            return;
        }

        var shape = distance * inverseScattering;
        var inverseAbsorption = IceModel.PathMean(
            _ice.CumulativeAbsorption(emitZ), _layout.CumulativeAbsorption[sensor], emitZ, _layout.Z[sensor], _layout.InverseAbsorption[sensor]);
        var rate = 1.0 / PandelTau + LightInIce.GroupVelocity * inverseAbsorption;
        var draws = Math.Min(photons, MaxPhotonDraws);
        var weight = (float)photons / draws;
        EnsureCapacity(_count + draws);
        for (var i = 0; i < draws; i++)
        {
            var delay = shape > 1e-6 ? rng.NextGamma(shape) / rate : 0.0;
            _sensor[_count] = sensor;
            _time[_count] = directTime + delay;
            _weight[_count] = weight;
            _count++;
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _time.Length)
        {
            return;
        }

        var size = Math.Max(needed, 2 * _time.Length);
        Array.Resize(ref _sensor, size);
        Array.Resize(ref _time, size);
        Array.Resize(ref _weight, size);
    }
}
