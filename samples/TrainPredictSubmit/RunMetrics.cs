namespace TrainPredictSubmit;

/// <summary>
/// What a run measured; written flat to metrics.json (angles in radians). Errors are null when the dataset has no
/// truth, throughput and training figures are null when nothing was trained.
/// </summary>
internal sealed record RunMetrics
{
    /// <summary>Mean angular error of the model on the test events (rad).</summary>
    public double? ModelMean { get; init; }

    /// <summary>Median angular error of the model (rad).</summary>
    public double? ModelMedian { get; init; }

    /// <summary>Mean angular error of LineFit (rad).</summary>
    public double? LineFitMean { get; init; }

    /// <summary>Median angular error of LineFit (rad).</summary>
    public double? LineFitMedian { get; init; }

    /// <summary>Mean angular error of the sample submission's constant (1, 1) (rad).</summary>
    public double? ConstantMean { get; init; }

    /// <summary>Median angular error of the constant (rad).</summary>
    public double? ConstantMedian { get; init; }

    /// <summary>Best validation metric seen while training (rad), or null.</summary>
    public double? ValidationMean { get; init; }

    /// <summary>Training throughput over all epochs, events per second, or null.</summary>
    public double? TrainEventsPerSecond { get; init; }

    /// <summary>Prediction throughput, events per second.</summary>
    public double PredictEventsPerSecond { get; init; }

    /// <summary>Training events per epoch, or null when nothing was trained.</summary>
    public long? TrainEvents { get; init; }

    /// <summary>Epochs trained, or null.</summary>
    public int? Epochs { get; init; }

    /// <summary>Test events predicted (rows of submission.csv).</summary>
    public int TestEvents { get; init; }

    /// <summary>"cpu" or "cuda".</summary>
    public string Device { get; init; } = "";

    /// <summary>The device's name.</summary>
    public string DeviceName { get; init; } = "";

    /// <summary>The model's preset, or "checkpoint" for a loaded model whose preset is not known.</summary>
    public string Preset { get; init; } = "";

    /// <summary>Trainable parameters of the model.</summary>
    public long Parameters { get; init; }

    /// <summary>Wall-clock seconds of the whole run.</summary>
    public double Seconds { get; init; }
}
