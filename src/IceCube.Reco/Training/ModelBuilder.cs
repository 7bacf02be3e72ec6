using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Training;

/// <summary>
/// Builds a sequential model layer by layer, Keras style; <see cref="Compile"/> checks that the shapes fit and
/// creates the model. Start one with <see cref="Model.Sequential"/>.
/// </summary>
/// <example>
/// <code>
/// var model = Model.Sequential(device, FeaturizationOptions.Default)
///     .Conv1D(64, kernelSize: 3, Activation.Relu)
///     .BiLstm(64)
///     .GlobalAveragePooling1D()
///     .Dense(128, Activation.Relu)
///     .Dropout(0.2)
///     .Dense(3)
///     .Compile(new Adam(learningRate: 1e-3), Loss.Angular);
/// </code>
/// </example>
public sealed class ModelBuilder
{
    private readonly Device _device;
    private readonly FeaturizationOptions _featurization;
    private readonly int _seed;
    private readonly List<LayerConfig> _layers = [];

    internal ModelBuilder(Device device, FeaturizationOptions featurization, int seed)
    {
        _device = device;
        _featurization = featurization;
        _seed = seed;
    }

    /// <summary>
    /// Adds a 1-D convolution over the pulse sequence with 'same' padding ([L, C] → [L, filters]); steps after an
    /// event's length are zero.
    /// </summary>
    /// <param name="filters">Output channels (at least 1).</param>
    /// <param name="kernelSize">Window in steps (odd, at least 1).</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ModelBuilder Conv1D(int filters, int kernelSize = 3, Activation activation = Activation.Linear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        if (kernelSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "Conv1D's kernel size must be odd ('same' padding).");
        }

        CheckActivation(activation);
        _layers.Add(new LayerConfig(LayerKind.Conv1D, filters, kernelSize, activation));
        return this;
    }

    /// <summary>
    /// Adds a bidirectional LSTM returning sequences ([L, C] → [L, 2 units], forward half first); the reverse
    /// direction starts at each event's last real pulse.
    /// </summary>
    /// <param name="units">Hidden size per direction (at least 1).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is below 1.</exception>
    public ModelBuilder BiLstm(int units)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        _layers.Add(new LayerConfig(LayerKind.BiLstm, units));
        return this;
    }

    /// <summary>Adds a mean over each event's real steps ([L, C] → [C]).</summary>
    /// <returns>This builder.</returns>
    public ModelBuilder GlobalAveragePooling1D()
    {
        _layers.Add(new LayerConfig(LayerKind.GlobalAveragePooling1D));
        return this;
    }

    /// <summary>Adds a fully connected layer ([C] → [units]).</summary>
    /// <param name="units">Outputs (at least 1).</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ModelBuilder Dense(int units, Activation activation = Activation.Linear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        CheckActivation(activation);
        _layers.Add(new LayerConfig(LayerKind.Dense, units, 0, activation));
        return this;
    }

    /// <summary>Adds inverted dropout: while training each value is zeroed with probability rate and the rest scaled
    /// by 1 / (1 - rate); the identity when predicting.</summary>
    /// <param name="rate">Probability of dropping a value, in [0, 1).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside [0, 1).</exception>
    public ModelBuilder Dropout(double rate)
    {
        if (!(rate is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        }

        _layers.Add(new LayerConfig(LayerKind.Dropout, Rate: rate));
        return this;
    }

    /// <summary>
    /// Checks the architecture and creates the model with freshly initialised weights (Keras' initialisers, from the
    /// seed given to <see cref="Model.Sequential"/>). The builder can be compiled again for an independent model.
    /// </summary>
    /// <param name="optimizer">Adam's settings.</param>
    /// <param name="loss">The loss; it fixes the output count (3 for angular and von Mises-Fisher, 2 for MSE).</param>
    /// <returns>The model on the builder's device.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit; the message names the layer and the fix.</exception>
    public Model Compile(Adam optimizer, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var config = ModelConfig.Create(_layers, _featurization, loss, optimizer, _seed);
        return new Model(_device, config);
    }

    /// <summary>Adds a preset's layers up to, not including, the last Dense (its size is the loss's output count).</summary>
    /// <exception cref="ArgumentException">The preset is unknown.</exception>
    internal ModelBuilder PresetLayers(ModelPreset preset) => preset switch
    {
        ModelPreset.Notebook => Conv1D(8, kernelSize: 3, Activation.Relu)
            .BiLstm(16)
            .GlobalAveragePooling1D()
            .Dense(16, Activation.Relu)
            .Dropout(0.2)
            .Dense(8, Activation.Relu)
            .Dropout(0.2),
        ModelPreset.Default => Conv1D(64, kernelSize: 3, Activation.Relu)
            .BiLstm(64)
            .GlobalAveragePooling1D()
            .Dense(128, Activation.Relu)
            .Dropout(0.2),
        ModelPreset.Compact => Conv1D(16, kernelSize: 3, Activation.Relu)
            .BiLstm(32)
            .GlobalAveragePooling1D()
            .Dense(64, Activation.Relu),
        _ => throw new ArgumentException($"Unknown model preset {preset}.", nameof(preset)),
    };

    private static void CheckActivation(Activation activation)
    {
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }
}
