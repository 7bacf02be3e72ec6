using System.Text.Json;

namespace TrainPredictSubmit;

/// <summary>Writes <see cref="RunMetrics"/> as metrics.json: one flat object, snake_case keys, radians.</summary>
internal static class MetricsFile
{
    /// <summary>The keys every metrics.json has; scripts (and .ci/run) rely on them.</summary>
    public static readonly IReadOnlyList<string> RequiredKeys =
    [
        "model_mean_angular_error", "model_median_angular_error", "linefit_mean_angular_error",
        "constant_mean_angular_error", "train_events_per_s", "predict_events_per_s", "test_events", "device",
        "device_name", "preset", "parameters",
    ];

    /// <summary>Serialises the metrics.</summary>
    public static byte[] ToJson(RunMetrics metrics)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            Number(json, "model_mean_angular_error", metrics.ModelMean);
            Number(json, "model_median_angular_error", metrics.ModelMedian);
            Number(json, "linefit_mean_angular_error", metrics.LineFitMean);
            Number(json, "linefit_median_angular_error", metrics.LineFitMedian);
            Number(json, "constant_mean_angular_error", metrics.ConstantMean);
            Number(json, "constant_median_angular_error", metrics.ConstantMedian);
            Number(json, "validation_mean_angular_error", metrics.ValidationMean);
            Number(json, "train_events_per_s", metrics.TrainEventsPerSecond);
            Number(json, "predict_events_per_s", metrics.PredictEventsPerSecond);
            Number(json, "train_events", metrics.TrainEvents);
            Number(json, "epochs", metrics.Epochs);
            json.WriteNumber("test_events", metrics.TestEvents);
            json.WriteString("device", metrics.Device);
            json.WriteString("device_name", metrics.DeviceName);
            json.WriteString("preset", metrics.Preset);
            json.WriteNumber("parameters", metrics.Parameters);
            json.WriteNumber("seconds", Math.Round(metrics.Seconds, 3));
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Writes metrics.json atomically.</summary>
    public static void Write(string path, RunMetrics metrics) => AtomicOutput.Write(path, ToJson(metrics));

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
