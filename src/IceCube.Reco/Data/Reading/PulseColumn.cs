namespace IceCube.Reco.Data;

/// <summary>The columns of a batch file, in the order of their schema indices in <see cref="PulseFileLayout"/>.</summary>
internal enum PulseColumn
{
    /// <summary>sensor_id.</summary>
    SensorId,

    /// <summary>time (ns).</summary>
    Time,

    /// <summary>charge (p.e.).</summary>
    Charge,

    /// <summary>auxiliary.</summary>
    Auxiliary,

    /// <summary>event_id.</summary>
    EventId,
}
