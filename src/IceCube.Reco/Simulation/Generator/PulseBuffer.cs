namespace IceCube.Reco.Simulation;

/// <summary>
/// The pulses of one event and their readout: photons within 10 ns on one sensor merge into a pulse whose charge
/// sums single-photo-electron draws; the event is placed so its trigger falls 4 us into a window opening at
/// 5,700 ns; dark noise is added uniformly over the window; charges saturate and are quantised as they are written.
/// </summary>
internal sealed class PulseBuffer
{
    // Photons on one sensor within this many ns of a pulse's first photon join that pulse.
    private const double MergeWindow = 10.0;

    // Readout window opening time (ns) and the trigger's position inside it (ns after the opening).
    private const double WindowStart = 5700.0;
    private const double PreTrigger = 4000.0;

    // Charges are quantised to 0.025 p.e. and stored as float32 values, like the real files.
    private const double ChargeStep = 0.025;

    // Scale (p.e.) of the PMT saturation; the real files top out near 2,800 p.e.
    private const double SaturationCharge = 3000.0;

    // Single photo-electron spectrum: a Gaussian peak at 1 p.e. and an exponential low-charge component.
    private const double SpeExponentialShare = 0.15;
    private const double SpeExponentialMean = 0.3;
    private const double SpeWidth = 0.3;

    private readonly int _sensorCount;
    private readonly double _eventWindow;
    private readonly double _noiseExpectation;

    private int[] _sensor = new int[1024];
    private double[] _time = new double[1024];
    private double[] _charge = new double[1024];
    private bool[] _auxiliary = new bool[1024];
    private int _count;

    private long[] _keys = new long[4096];
    private int[] _order = new int[4096];
    private int[] _intScratch = new int[4096];
    private double[] _doubleScratch = new double[4096];
    private double[] _chargeScratch = new double[4096];

    /// <summary>Creates the pulse store of one worker for <paramref name="layout"/> under <paramref name="options"/>.</summary>
    public PulseBuffer(DetectorLayout layout, SimulationOptions options)
    {
        _sensorCount = layout.SensorCount;
        _eventWindow = options.EventWindow;
        // Hz * ns * 1e-9 = expected noise pulses per sensor per window.
        _noiseExpectation = options.NoiseRate * options.EventWindow * 1e-9 * layout.SensorCount;
    }

    /// <summary>The number of pulses.</summary>
    public int Count => _count;

    /// <summary>Each pulse's sensor.</summary>
    public ReadOnlySpan<int> Sensors => _sensor.AsSpan(0, _count);

    /// <summary>Each pulse's time (ns).</summary>
    public ReadOnlySpan<double> Times => _time.AsSpan(0, _count);

    /// <summary>Each pulse's auxiliary flag: true when no neighbouring sensor has a coincident pulse.</summary>
    public Span<bool> Auxiliary => _auxiliary.AsSpan(0, _count);

    /// <summary>Forgets every pulse (a new attempt).</summary>
    public void Clear() => _count = 0;

    /// <summary>
    /// Replaces the pulses with those of <paramref name="photons"/>: sorted by (sensor, time), each sensor's photons
    /// merged into pulses.
    /// </summary>
    public void Form(PhotonEmitter photons, ref CounterRandom rng)
    {
        _count = 0;
        var n = photons.Count;
        if (n == 0)
        {
            return;
        }

        var photonSensor = photons.Sensors;
        var photonTime = photons.Times;
        var photonWeight = photons.Weights;
        var earliest = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            earliest = Math.Min(earliest, photonTime[i]);
        }

        // Key: sensor in the high bits, time above the earliest photon in 1/16 ns below them.
        EnsureSortCapacity(n);
        for (var i = 0; i < n; i++)
        {
            var ticks = Math.Min((long)((photonTime[i] - earliest) * 16.0), (1L << 40) - 1);
            _keys[i] = ((long)photonSensor[i] << 40) | ticks;
            _order[i] = i;
        }

        Array.Sort(_keys, _order, 0, n);
        EnsureCapacity(n);
        var i0 = 0;
        while (i0 < n)
        {
            var first = _order[i0];
            var sensor = photonSensor[first];
            var start = photonTime[first];
            var charge = 0.0;
            var i1 = i0;
            while (i1 < n && photonSensor[_order[i1]] == sensor && photonTime[_order[i1]] - start <= MergeWindow)
            {
                charge += photonWeight[_order[i1]] * SinglePhotoelectron(ref rng);
                i1++;
            }

            var p = _count++;
            _sensor[p] = sensor;
            _time[p] = start;
            _charge[p] = charge;
            i0 = i1;
        }
    }

    /// <summary>
    /// Places the event so its trigger sits PreTrigger ns into the window, rounds times to whole ns and drops pulses
    /// that would precede the window. The trigger is the <see cref="LocalCoincidence.TriggerHits"/>th coincident
    /// pulse (the last of fewer), or the first pulse when <paramref name="coincident"/> is zero.
    /// </summary>
    public void PlaceInWindow(int coincident)
    {
        var n = _count;
        if (n == 0)
        {
            return;
        }

        double trigger;
        if (coincident > 0)
        {
            // The TriggerHits earliest coincident times, kept sorted by insertion.
            const int hits = LocalCoincidence.TriggerHits;
            Span<double> earliest = stackalloc double[hits];
            var m = 0;
            for (var i = 0; i < n; i++)
            {
                if (_auxiliary[i] || (m == hits && _time[i] >= earliest[m - 1]))
                {
                    continue;
                }

                var k = m < hits ? m++ : m - 1;
                while (k > 0 && earliest[k - 1] > _time[i])
                {
                    earliest[k] = earliest[k - 1];
                    k--;
                }

                earliest[k] = _time[i];
            }

            trigger = earliest[m - 1];
        }
        else
        {
            trigger = double.PositiveInfinity;
            for (var i = 0; i < n; i++)
            {
                trigger = Math.Min(trigger, _time[i]);
            }
        }

        var shift = WindowStart + PreTrigger - trigger;
        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            var time = Math.Round(_time[i] + shift);
            if (time < WindowStart)
            {
                continue;
            }

            _sensor[kept] = _sensor[i];
            _time[kept] = time;
            _charge[kept] = _charge[i];
            kept++;
        }

        _count = kept;
    }

    /// <summary>
    /// Adds dark noise: single photo-electron pulses on random sensors at whole-ns times uniform over the window. An
    /// event never ends up empty, since real events always hold at least one pulse.
    /// </summary>
    public void AddNoise(ref CounterRandom rng)
    {
        var noise = rng.NextPoisson(_noiseExpectation);
        if (noise == 0 && _count == 0)
        {
            noise = 1;
        }

        EnsureCapacity(_count + noise);
        for (var i = 0; i < noise; i++)
        {
            var p = _count++;
            _sensor[p] = rng.NextInt(_sensorCount);
            _time[p] = WindowStart + Math.Floor(rng.NextDouble() * _eventWindow);
            _charge[p] = SinglePhotoelectron(ref rng);
        }
    }

    /// <summary>Reorders the pulses by (sensor, time); times are whole ns at or after the window opening here.</summary>
    public void SortBySensorAndTime()
    {
        var n = _count;
        EnsureSortCapacity(n);
        for (var i = 0; i < n; i++)
        {
            _keys[i] = ((long)_sensor[i] << 40) | (long)_time[i];
            _order[i] = i;
        }

        Array.Sort(_keys, _order, 0, n);
        for (var i = 0; i < n; i++)
        {
            _intScratch[i] = _sensor[_order[i]];
            _doubleScratch[i] = _time[_order[i]];
            _chargeScratch[i] = _charge[_order[i]];
        }

        Array.Copy(_intScratch, _sensor, n);
        Array.Copy(_doubleScratch, _time, n);
        Array.Copy(_chargeScratch, _charge, n);
    }

    /// <summary>
    /// Adds the pulses to the open event of <paramref name="block"/> in time order (ties by sensor), with the PMT's
    /// saturation and the files' charge quantisation applied.
    /// </summary>
    public void WriteTo(PulseBlock block)
    {
        var n = _count;
        for (var i = 0; i < n; i++)
        {
            // Times are whole ns below 2^40 and sensor ids below 2^15, so the key orders by time, then sensor;
            // the sort is deterministic, so even equal keys come out the same way on every run.
            _keys[i] = ((long)_time[i] << 16) | (long)_sensor[i];
            _order[i] = i;
        }

        Array.Sort(_keys, _order, 0, n);
        for (var k = 0; k < n; k++)
        {
            var i = _order[k];
            // The PMT saturates: the recorded charge approaches SaturationCharge however much light arrives.
            var charge = SaturationCharge * -double.ExpM1(-_charge[i] / SaturationCharge);
            var steps = Math.Max(1.0, Math.Round(charge / ChargeStep));
            block.AddPulse((short)_sensor[i], (long)_time[i], (float)(steps * ChargeStep), _auxiliary[i]);
        }
    }

    private static double SinglePhotoelectron(ref CounterRandom rng)
    {
        if (rng.NextDouble() < SpeExponentialShare)
        {
            return SpeExponentialMean * rng.NextExponential();
        }

        return Math.Max(ChargeStep, 1.0 + SpeWidth * rng.NextNormal());
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
        Array.Resize(ref _charge, size);
        Array.Resize(ref _auxiliary, size);
    }

    private void EnsureSortCapacity(int needed)
    {
        if (needed <= _keys.Length)
        {
            return;
        }

        var size = Math.Max(needed, 2 * _keys.Length);
        _keys = new long[size];
        _order = new int[size];
        _intScratch = new int[size];
        _doubleScratch = new double[size];
        _chargeScratch = new double[size];
    }
}
