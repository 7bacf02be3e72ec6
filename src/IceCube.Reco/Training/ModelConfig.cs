using System.Globalization;
using System.Text;
using System.Text.Json;
using IceCube.Reco.Data;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Training;

/// <summary>
/// Everything that defines a model apart from its weights: the layers, the featurisation (its input), the loss,
/// Adam's settings and the seed. Validated on creation, so every layer's input and output shape is known.
/// </summary>
internal sealed class ModelConfig
{
    private ModelConfig(IReadOnlyList<LayerConfig> layers, FeaturizationOptions featurization, Loss loss, Adam optimizer, int seed)
    {
        Layers = layers;
        Featurization = featurization;
        Loss = loss;
        Optimizer = optimizer;
        Seed = seed;
        var names = new string[layers.Count];
        var shapes = new int[layers.Count + 1][];
        var counts = new Dictionary<LayerKind, int>();
        shapes[0] = [featurization.MaxPulses, featurization.FeatureCount];
        for (int i = 0; i < layers.Count; i++)
        {
            int index = counts.GetValueOrDefault(layers[i].Kind);
            counts[layers[i].Kind] = index + 1;
            names[i] = string.Create(CultureInfo.InvariantCulture, $"{layers[i].Prefix}_{index}");
            layers[i].Validate(names[i]);
            shapes[i + 1] = layers[i].OutputShape(names[i], shapes[i]);
            ParameterCount += layers[i].ParameterCount(shapes[i]);
        }

        Names = names;
        Shapes = shapes;
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<LayerConfig> Layers { get; }

    /// <summary>Unique layer names (conv1d_0, bidirectional_0, dense_1, ...), as Keras names them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Per-example shapes: [0] is the input [L, F], [i + 1] the output of layer i.</summary>
    public IReadOnlyList<int[]> Shapes { get; }

    /// <summary>The featurisation that makes the input.</summary>
    public FeaturizationOptions Featurization { get; }

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>Adam's settings.</summary>
    public Adam Optimizer { get; }

    /// <summary>The seed of the initial weights and of dropout.</summary>
    public int Seed { get; }

    /// <summary>Trainable floats in all layers.</summary>
    public long ParameterCount { get; }

    /// <summary>Outputs per event: 2 angles for MSE, 3 vector components otherwise.</summary>
    public int OutputCount => Loss.Outputs;

    /// <summary>Validates an architecture and returns it; exceptions name the layer that does not fit.</summary>
    /// <exception cref="ArgumentException">Empty, a layer does not fit its input, or the output does not fit the loss.</exception>
    public static ModelConfig Create(IReadOnlyList<LayerConfig> layers, FeaturizationOptions featurization, Loss loss, Adam optimizer, int seed)
    {
        ArgumentNullException.ThrowIfNull(featurization);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        featurization.Validate();

        if (layers.Count == 0)
        {
            throw new ArgumentException("The model has no layers: add at least a GlobalAveragePooling1D() and a Dense(outputs).");
        }

        var config = new ModelConfig([.. layers], featurization, loss, optimizer, seed);
        var output = config.Shapes[^1];
        string last = $"{config.Names[^1]} ({layers[^1].Kind})";
        if (output.Length != 1)
        {
            throw new ArgumentException(
                $"The model ends with layer {last}, whose output is the sequence {LayerConfig.Shape(output)}; it must end " +
                $"with a vector: add GlobalAveragePooling1D() and Dense({config.OutputCount}).");
        }

        if (output[0] != config.OutputCount)
        {
            string reading = loss == Loss.Mse ? "(azimuth, zenith)" : "a direction vector";
            throw new ArgumentException(
                $"The model ends with layer {last}, which outputs {output[0]} values, but the {loss} loss reads " +
                $"{config.OutputCount} ({reading}): end it with Dense({config.OutputCount}).");
        }

        return config;
    }

    /// <summary>
    /// A table of the layers (name, type and settings, per-event output shape, parameter count), then the totals, the
    /// featurisation, the loss, the optimizer and <paramref name="step"/>.
    /// </summary>
    public string Summary(long step)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Model: {Layers.Count} layers, input {LayerConfig.Shape(Shapes[0])} (L pulses x F features)");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"Layer (type)",-42} {"Output shape",-14} {"Parameters",12}");
        for (int i = 0; i < Layers.Count; i++)
        {
            var layer = Layers[i];
            string title = $"{Names[i]} ({layer.Kind}: {layer.Describe()})";
            long count = layer.ParameterCount(Shapes[i]);
            text.AppendLine(CultureInfo.InvariantCulture, $"{title,-42} {LayerConfig.Shape(Shapes[i + 1]),-14} {count,12:N0}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Total parameters: {ParameterCount:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Featurisation: {Featurization.MaxPulses} pulses, {Featurization.Features}, {Featurization.Selection}");
        text.Append(CultureInfo.InvariantCulture, $"Loss: {Loss}; optimizer: {Optimizer}; seed {Seed}; step {step}");
        return text.ToString();
    }

    /// <summary>
    /// The checkpoint's JSON: architecture, featurisation, loss, optimizer, seed and training counters.
    /// </summary>
    public string ToJson(long step, int epochsCompleted, bool hasOptimizerState)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", "IceCube.Reco model");
            json.WriteStartArray("layers");
            for (int i = 0; i < Layers.Count; i++)
            {
                var layer = Layers[i];
                json.WriteStartObject();
                json.WriteString("name", Names[i]);
                json.WriteString("kind", layer.Kind.ToString());
                json.WriteNumber("units", layer.Units);
                json.WriteNumber("kernel_size", layer.KernelSize);
                json.WriteString("activation", layer.Activation.ToString());
                json.WriteNumber("rate", layer.Rate);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("featurization");
            json.WriteRawValue(Featurization.ToJson());
            json.WriteString("loss", Loss.Name);
            json.WriteStartObject("optimizer");
            json.WriteString("kind", "Adam");
            json.WriteNumber("learning_rate", Optimizer.LearningRate);
            json.WriteNumber("beta1", Optimizer.Beta1);
            json.WriteNumber("beta2", Optimizer.Beta2);
            json.WriteNumber("epsilon", Optimizer.Epsilon);
            json.WriteNumber("weight_decay", Optimizer.WeightDecay);
            json.WriteEndObject();
            json.WriteNumber("seed", Seed);
            json.WriteNumber("step", step);
            json.WriteNumber("epochs_completed", epochsCompleted);
            json.WriteBoolean("optimizer_state", hasOptimizerState);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads <see cref="ToJson"/>'s output; any missing or invalid field is an InvalidDataException naming it.</summary>
    public static (ModelConfig Config, long Step, int EpochsCompleted, bool HasOptimizerState) FromJson(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var layers = new List<LayerConfig>();
            foreach (var layer in Property(root, "layers").EnumerateArray())
            {
                layers.Add(new LayerConfig(
                    Enum.Parse<LayerKind>(Property(layer, "kind").GetString()!),
                    Property(layer, "units").GetInt32(),
                    Property(layer, "kernel_size").GetInt32(),
                    Enum.Parse<Activation>(Property(layer, "activation").GetString()!),
                    Property(layer, "rate").GetDouble()));
            }

            var featurization = FeaturizationOptions.FromJson(Property(root, "featurization").GetRawText());
            var loss = Loss.Parse(Property(root, "loss").GetString()!);
            var optimizer = Property(root, "optimizer");
            var adam = new Adam(
                Property(optimizer, "learning_rate").GetDouble(),
                Property(optimizer, "beta1").GetDouble(),
                Property(optimizer, "beta2").GetDouble(),
                Property(optimizer, "epsilon").GetDouble(),
                Property(optimizer, "weight_decay").GetDouble());
            var config = Create(layers, featurization, loss, adam, Property(root, "seed").GetInt32());
            long step = Property(root, "step").GetInt64();
            int epochs = Property(root, "epochs_completed").GetInt32();
            if (step < 0 || epochs < 0)
            {
                throw new InvalidDataException($"Checkpoint {path}: negative step ({step}) or epoch count ({epochs}).");
            }

            return (config, step, epochs, Property(root, "optimizer_state").GetBoolean());
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Checkpoint {path}: its architecture JSON is invalid: {error.Message}", error);
        }
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new KeyNotFoundException($"the field \"{name}\" is missing.");
}
