namespace TrainPredictSubmit;

/// <summary>The pulse columns of one batch file, as LineFit takes them.</summary>
internal sealed class BatchPulses
{
    private BatchPulses(short[] sensorId, long[] time, double[] charge, bool[] auxiliary)
    {
        SensorId = sensorId;
        Time = time;
        Charge = charge;
        Auxiliary = auxiliary;
    }

    /// <summary>Number of pulses.</summary>
    public int Count => SensorId.Length;

    /// <summary>Sensor of each pulse.</summary>
    public short[] SensorId { get; }

    /// <summary>Time of each pulse (ns).</summary>
    public long[] Time { get; }

    /// <summary>Charge of each pulse (p.e.).</summary>
    public double[] Charge { get; }

    /// <summary>Auxiliary flag of each pulse.</summary>
    public bool[] Auxiliary { get; }

    /// <summary>Reads a batch file, checking sensor ids against the geometry.</summary>
    /// <exception cref="BadDataException">The file is missing or malformed; the message names it.</exception>
    public static BatchPulses Read(string path, int sensorCount)
    {
        using var table = ParquetTable.Open(path);
        var sensors = table.Int64("sensor_id");
        var sensorId = new short[sensors.Length];
        for (var i = 0; i < sensors.Length; i++)
        {
            if (sensors[i] < 0 || sensors[i] >= sensorCount)
            {
                throw new BadDataException(
                    $"{path}: column 'sensor_id' row {i} holds {sensors[i]}, outside the geometry's 0..{sensorCount - 1}.");
            }

            sensorId[i] = (short)sensors[i];
        }

        return new BatchPulses(sensorId, table.Int64("time"), table.Double("charge"), table.Boolean("auxiliary"));
    }
}
