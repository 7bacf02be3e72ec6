using System.Globalization;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Training;

/// <summary>
/// One layer of a model's architecture as the builder records it and a checkpoint stores it: enough to rebuild the
/// layer. <see cref="Units"/> is the filters of a Conv1D, the hidden size per direction of a BiLstm and the outputs
/// of a Dense.
/// </summary>
internal sealed record LayerConfig(LayerKind Kind, int Units = 0, int KernelSize = 0, Activation Activation = Activation.Linear, double Rate = 0)
{
    /// <summary>The per-example output shape, or an exception naming the layer when the input does not fit.</summary>
    public int[] OutputShape(string name, int[] input)
    {
        switch (Kind)
        {
            case LayerKind.Conv1D:
                RequireSequence(name, input);
                return [input[0], Units];
            case LayerKind.BiLstm:
                RequireSequence(name, input);
                return [input[0], 2 * Units];
            case LayerKind.GlobalAveragePooling1D:
                RequireSequence(name, input);
                return [input[1]];
            case LayerKind.Dense:
                if (input.Length != 1)
                {
                    throw new ArgumentException(
                        $"Layer {name} (Dense) needs a vector input [C], but it gets the sequence {Shape(input)}: add " +
                        "GlobalAveragePooling1D() before it.");
                }

                return [Units];
            default:
                return (int[])input.Clone();
        }
    }

    /// <summary>Trainable floats of the layer for a per-example input shape (Keras' count).</summary>
    public long ParameterCount(int[] input)
    {
        long channels = input[^1];
        return Kind switch
        {
            LayerKind.Conv1D => (KernelSize * channels * Units) + Units,
            LayerKind.BiLstm => 2L * ((channels * 4 * Units) + ((long)Units * 4 * Units) + (4L * Units)),
            LayerKind.Dense => (channels * Units) + Units,
            _ => 0,
        };
    }

    /// <summary>The layer's name prefix, as Keras names layers: conv1d, bidirectional, dense, ...</summary>
    public string Prefix => Kind switch
    {
        LayerKind.Conv1D => "conv1d",
        LayerKind.BiLstm => "bidirectional",
        LayerKind.GlobalAveragePooling1D => "global_average_pooling1d",
        LayerKind.Dense => "dense",
        _ => "dropout",
    };

    /// <summary>The hyperparameters for a summary line, e.g. "64 filters, K = 3, relu".</summary>
    public string Describe() => Kind switch
    {
        LayerKind.Conv1D => string.Create(CultureInfo.InvariantCulture, $"{Units} filters, K = {KernelSize}, {Activation.ToString().ToLowerInvariant()}"),
        LayerKind.BiLstm => string.Create(CultureInfo.InvariantCulture, $"{Units} units per direction"),
        LayerKind.Dense => string.Create(CultureInfo.InvariantCulture, $"{Units} units, {Activation.ToString().ToLowerInvariant()}"),
        LayerKind.Dropout => string.Create(CultureInfo.InvariantCulture, $"rate {Rate:G4}"),
        _ => "mean over real steps",
    };

    /// <summary>A new, unbuilt layer of this configuration.</summary>
    public Layer Create(string name) => Kind switch
    {
        LayerKind.Conv1D => new Layers.Conv1D(name, Units, KernelSize, Activation),
        LayerKind.BiLstm => new Layers.BiLstm(name, Units),
        LayerKind.GlobalAveragePooling1D => new Layers.GlobalAveragePooling1D(name),
        LayerKind.Dense => new Layers.Dense(name, Units, Activation),
        _ => new Layers.Dropout(name, (float)Rate),
    };

    /// <summary>Checks the hyperparameters read from a checkpoint as strictly as the builder checks them.</summary>
    public void Validate(string name)
    {
        bool ok = Kind switch
        {
            LayerKind.Conv1D => Units >= 1 && KernelSize >= 1 && KernelSize % 2 == 1 && Enum.IsDefined(Activation),
            LayerKind.BiLstm => Units >= 1,
            LayerKind.Dense => Units >= 1 && Enum.IsDefined(Activation),
            LayerKind.Dropout => Rate is >= 0 and < 1,
            LayerKind.GlobalAveragePooling1D => true,
            _ => false,
        };
        if (!ok)
        {
            throw new ArgumentException($"Layer {name} ({Kind}) has invalid settings: {this}.");
        }
    }

    /// <summary>A shape as text, e.g. "[128, 64]".</summary>
    public static string Shape(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static void RequireSequence(string name, int[] input)
    {
        if (input.Length != 2)
        {
            throw new ArgumentException(
                $"Layer {name} needs a sequence input [L, C], but it gets the vector {Shape(input)}: sequence layers " +
                "must come before GlobalAveragePooling1D.");
        }
    }
}
