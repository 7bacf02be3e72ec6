using System.Text.Json;
using IceCube.Reco.Data;

namespace TrainPredictSubmit;

/// <summary>
/// What a run measured, and its metrics.json: one flat object, snake_case keys, angles in radians. Errors are null
/// when the dataset has no truth, throughput and training figures are null when nothing was trained.
/// </summary>
internal sealed record RunMetrics
{
    /// <summary>The keys every metrics.json has; scripts (and .ci/run) rely on them.</summary>
    public static readonly IReadOnlyList<string> RequiredKeys =
    [
        "model_mean_angular_error", "model_median_angular_error", "linefit_mean_angular_error",
        "constant_mean_angular_error", "train_events_per_s", "predict_events_per_s", "test_events", "device",
        "device_name", "preset", "parameters",
    ];

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

    /// <summary>Serialises the metrics as metrics.json's UTF-8 bytes.</summary>
    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            Number(json, "model_mean_angular_error", ModelMean);
            Number(json, "model_median_angular_error", ModelMedian);
            Number(json, "linefit_mean_angular_error", LineFitMean);
            Number(json, "linefit_median_angular_error", LineFitMedian);
            Number(json, "constant_mean_angular_error", ConstantMean);
            Number(json, "constant_median_angular_error", ConstantMedian);
            Number(json, "validation_mean_angular_error", ValidationMean);
            Number(json, "train_events_per_s", TrainEventsPerSecond);
            Number(json, "predict_events_per_s", PredictEventsPerSecond);
            Number(json, "train_events", TrainEvents);
            Number(json, "epochs", Epochs);
            json.WriteNumber("test_events", TestEvents);
            json.WriteString("device", Device);
            json.WriteString("device_name", DeviceName);
            json.WriteString("preset", Preset);
            json.WriteNumber("parameters", Parameters);
            json.WriteNumber("seconds", Math.Round(Seconds, 3));
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Writes metrics.json atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllBytes(path, ToJson());

    private static void Number(Utf8JsonWriter json, string key, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(key, v);
        }
        else
        {
            json.WriteNull(key);
        }
    }

    private static void Number(Utf8JsonWriter json, string key, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(key, v);
        }
        else
        {
            json.WriteNull(key);
        }
    }
}
