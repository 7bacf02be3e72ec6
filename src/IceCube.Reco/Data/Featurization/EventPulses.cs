namespace IceCube.Reco.Data;

/// <summary>The pulses of one event: views into its batch file's columns, in file (time) order.</summary>
/// <param name="sensorId">Sensor of each pulse, an index into the geometry.</param>
/// <param name="time">Time of each pulse in ns.</param>
/// <param name="charge">Charge of each pulse in p.e.</param>
/// <param name="auxiliary">True for pulses that were not fully digitised.</param>
internal readonly ref struct EventPulses(
    ReadOnlySpan<short> sensorId,
    ReadOnlySpan<long> time,
    ReadOnlySpan<float> charge,
    ReadOnlySpan<bool> auxiliary)
{
    /// <summary>Sensor of each pulse.</summary>
    public ReadOnlySpan<short> SensorId { get; } = sensorId;

    /// <summary>Time of each pulse in ns.</summary>
    public ReadOnlySpan<long> Time { get; } = time;

    /// <summary>Charge of each pulse in p.e.</summary>
    public ReadOnlySpan<float> Charge { get; } = charge;

    /// <summary>Auxiliary flag of each pulse.</summary>
    public ReadOnlySpan<bool> Auxiliary { get; } = auxiliary;

    /// <summary>Number of pulses.</summary>
    public int Count => SensorId.Length;
}
