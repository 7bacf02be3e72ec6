namespace IceCube.Reco.Data;

/// <summary>
/// The pulses of one event held in memory, for applications that receive events one by one rather than as
/// Kaggle batch files. Columns as in a batch file: one entry per pulse.
/// </summary>
public sealed class PulseEvent
{
    private readonly short[] _sensorId;
    private readonly long[] _time;
    private readonly float[] _charge;
    private readonly bool[] _auxiliary;

    /// <summary>Creates an event; the arrays are used as given (not copied).</summary>
    /// <param name="eventId">The event's id.</param>
    /// <param name="sensorId">Sensor of each pulse, an index into the geometry.</param>
    /// <param name="time">Time of each pulse in ns (only differences matter).</param>
    /// <param name="charge">Charge of each pulse in p.e. (positive).</param>
    /// <param name="auxiliary">True for pulses that were not fully digitised.</param>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public PulseEvent(long eventId, short[] sensorId, long[] time, float[] charge, bool[] auxiliary)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(charge);
        ArgumentNullException.ThrowIfNull(auxiliary);
        if (time.Length != sensorId.Length || charge.Length != sensorId.Length || auxiliary.Length != sensorId.Length)
        {
            throw new ArgumentException(
                $"Event {eventId}: pulse columns differ in length (sensor_id {sensorId.Length}, time {time.Length}, " +
                $"charge {charge.Length}, auxiliary {auxiliary.Length}).");
        }

        EventId = eventId;
        _sensorId = sensorId;
        _time = time;
        _charge = charge;
        _auxiliary = auxiliary;
    }

    /// <summary>The event's id.</summary>
    public long EventId { get; }

    /// <summary>Sensor of each pulse.</summary>
    public ReadOnlySpan<short> SensorId => _sensorId;

    /// <summary>Time of each pulse in ns.</summary>
    public ReadOnlySpan<long> Time => _time;

    /// <summary>Charge of each pulse in p.e.</summary>
    public ReadOnlySpan<float> Charge => _charge;

    /// <summary>Auxiliary flag of each pulse.</summary>
    public ReadOnlySpan<bool> Auxiliary => _auxiliary;

    /// <summary>Number of pulses.</summary>
    public int Count => _sensorId.Length;
}
