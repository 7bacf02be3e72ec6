namespace IceCube.Reco.Simulation;

/// <summary>
/// Local coincidence: a pulse is coincident when a neighbouring sensor of the same string has a pulse within
/// +-1 us; the others are auxiliary. The trigger (a simplified SMT8) needs <see cref="TriggerHits"/> coincident
/// pulses.
/// </summary>
internal sealed class LocalCoincidence
{
    /// <summary>Coincident pulses the trigger needs.</summary>
    public const int TriggerHits = 8;

    // A partner pulse within +-1 us (ns) on a neighbouring sensor.
    private const double CoincidenceWindow = 1000.0;

    private readonly DetectorLayout _layout;

    // Per sensor: first pulse of the sensor in (sensor, time) order and its pulse count; reset after each use.
    private readonly int[] _sensorFirstPulse;
    private readonly int[] _sensorPulseCount;

    /// <summary>Creates the coincidence logic of one worker for <paramref name="layout"/>.</summary>
    public LocalCoincidence(DetectorLayout layout)
    {
        _layout = layout;
        _sensorFirstPulse = new int[layout.SensorCount];
        _sensorPulseCount = new int[layout.SensorCount];
    }

    /// <summary>
    /// Sets the auxiliary flag of every pulse (the pulses must be in (sensor, time) order) and returns the number of
    /// coincident pulses.
    /// </summary>
    public int Mark(PulseBuffer pulses)
    {
        var sensors = pulses.Sensors;
        var times = pulses.Times;
        var auxiliary = pulses.Auxiliary;
        var n = pulses.Count;
        for (var i = 0; i < n; i++)
        {
            var sensor = sensors[i];
            if (_sensorPulseCount[sensor] == 0)
            {
                _sensorFirstPulse[sensor] = i;
            }

            _sensorPulseCount[sensor]++;
        }

        var coincident = 0;
        for (var i = 0; i < n; i++)
        {
            var time = times[i];
            var partner = false;
            foreach (var neighbour in _layout.Neighbours(sensors[i]))
            {
                var count = _sensorPulseCount[neighbour];
                if (count > 0 && HasPulseNear(times, _sensorFirstPulse[neighbour], count, time))
                {
                    partner = true;
                    break;
                }
            }

            auxiliary[i] = !partner;
            if (partner)
            {
                coincident++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            _sensorPulseCount[sensors[i]] = 0;
        }

        return coincident;
    }

    // Whether the time-sorted run of pulses [first, first + count) has one within the coincidence window of time.
    private static bool HasPulseNear(ReadOnlySpan<double> times, int first, int count, double time)
    {
        var low = first;
        var high = first + count;
        var from = time - CoincidenceWindow;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (times[mid] < from)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low < first + count && times[low] <= time + CoincidenceWindow;
    }
}
