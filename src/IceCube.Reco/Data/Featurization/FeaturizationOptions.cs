using System.Text.Json;
using System.Text.Json.Serialization;

namespace IceCube.Reco.Data;

/// <summary>
/// How an event's pulses become the model's input sequence: at most <see cref="MaxPulses"/> pulses chosen by
/// <see cref="Selection"/>, each turned into <see cref="FeatureCount"/> numbers by <see cref="Features"/>.
/// It belongs to a model and its checkpoint (see <see cref="ToJson"/>), so training and prediction featurise alike.
/// </summary>
public sealed record FeaturizationOptions
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The default: L = 128 pulses, six features (x, y, z / 500 m, time since first pulse / 3e4 ns,
    /// log10(charge) / 3, auxiliary), non-auxiliary pulses first.
    /// </summary>
    public static FeaturizationOptions Default { get; } = new();

    /// <summary>
    /// The original notebook's featurisation: L = 100 non-auxiliary pulses, five features (time, charge, x, y, z)
    /// standardised within each event.
    /// </summary>
    public static FeaturizationOptions Notebook { get; } = new()
    {
        MaxPulses = 100,
        Features = FeatureSet.StandardizedTimeChargePosition,
        Selection = PulseSelection.NonAuxiliaryOnly,
    };

    /// <summary>
    /// Event-centred featurisation (<see cref="FeatureSet.Centred"/>): L = 128 pulses, non-auxiliary pulses first,
    /// positions in units of 300 m and times relative to the event's charge-weighted mean time in units of 1,000 ns,
    /// so that the time differences that carry the direction (hundreds of ns to a few microseconds) and the
    /// distances light covers in them (about 0.22 m/ns in ice) are both of order 1.
    /// </summary>
    public static FeaturizationOptions Centred { get; } = new()
    {
        Features = FeatureSet.Centred,
        PositionScale = 300.0,
        TimeScale = 1000.0,
    };

    /// <summary>Maximum pulses per event (the sequence length L); shorter events are zero-padded.</summary>
    public int MaxPulses { get; init; } = 128;

    /// <summary>The feature set.</summary>
    public FeatureSet Features { get; init; } = FeatureSet.PositionTimeChargeAuxiliary;

    /// <summary>The pulse-selection policy.</summary>
    public PulseSelection Selection { get; init; } = PulseSelection.NonAuxiliaryFirst;

    /// <summary>Metres per unit of the position features (<see cref="FeatureSet.PositionTimeChargeAuxiliary"/> and <see cref="FeatureSet.Centred"/>).</summary>
    public double PositionScale { get; init; } = 500.0;

    /// <summary>Nanoseconds per unit of the time feature (<see cref="FeatureSet.PositionTimeChargeAuxiliary"/> and <see cref="FeatureSet.Centred"/>).</summary>
    public double TimeScale { get; init; } = 3e4;

    /// <summary>Divisor of log10(charge in p.e.) (<see cref="FeatureSet.PositionTimeChargeAuxiliary"/> and <see cref="FeatureSet.Centred"/>).</summary>
    public double LogChargeScale { get; init; } = 3.0;

    /// <summary>Features per pulse (F).</summary>
    [JsonIgnore]
    public int FeatureCount => Features switch
    {
        FeatureSet.PositionTimeChargeAuxiliary => 6,
        FeatureSet.StandardizedTimeChargePosition => 5,
        FeatureSet.Centred => 12,
        _ => throw new InvalidOperationException($"Unknown feature set {Features}."),
    };

    /// <summary>Reads options written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ArgumentException">The text is not valid options.</exception>
    public static FeaturizationOptions FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        FeaturizationOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<FeaturizationOptions>(json, Json);
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"Not valid featurisation options: {error.Message}", nameof(json), error);
        }

        if (options is null)
        {
            throw new ArgumentException("Not valid featurisation options: the JSON is null.", nameof(json));
        }

        options.Validate();
        return options;
    }

    /// <summary>The options as JSON (enums by name), for checkpoints.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (MaxPulses < 1)
        {
            throw new ArgumentException($"MaxPulses must be at least 1, got {MaxPulses}.");
        }

        if (!Enum.IsDefined(Features))
        {
            throw new ArgumentException($"Unknown feature set {Features}.");
        }

        if (!Enum.IsDefined(Selection))
        {
            throw new ArgumentException($"Unknown pulse selection {Selection}.");
        }

        CheckScale(PositionScale, nameof(PositionScale));
        CheckScale(TimeScale, nameof(TimeScale));
        CheckScale(LogChargeScale, nameof(LogChargeScale));
    }

    private static void CheckScale(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0.0)
        {
            throw new ArgumentException($"{name} must be finite and positive, got {value}.");
        }
    }
}
