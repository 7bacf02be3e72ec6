using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>
/// One layer of a sequential network on a device. Shapes are per example (the batch dimension is implicit):
/// [L, C] for sequences, [C] for vectors. A layer is built once for a batch capacity; after that its forward and
/// backward passes allocate nothing (buffers come from the device's pool at build time and are reused), and the
/// short last batch of an epoch runs on views of the first B' rows.
/// </summary>
/// <remarks>
/// Contract: <see cref="Forward"/> returns a view of a buffer the layer owns, valid until its next forward pass;
/// in training it keeps whatever its <see cref="Backward"/> needs. <see cref="Backward"/> OVERWRITES every
/// parameter's <see cref="Parameter.Gradient"/> and returns the gradient with respect to its input (or null when
/// asked not to compute it, as for the first layer). Padded steps never leak: outputs and input gradients at steps
/// t &gt;= length are exactly 0.
/// </remarks>
internal abstract class Layer : IDisposable
{
    /// <summary>Names the layer (unique within its model, e.g. "conv1d_0"); every error message uses it.</summary>
    protected Layer(string name) => Name = name;

    /// <summary>The layer's unique name within its model.</summary>
    public string Name { get; }

    /// <summary>The layer type as a user knows it (Conv1D, BiLstm, GlobalAveragePooling1D, Dense, Dropout).</summary>
    public abstract string Kind { get; }

    /// <summary>The per-example output shape for a per-example input shape.</summary>
    /// <exception cref="ArgumentException">The input shape does not fit this layer; the message names the layer.</exception>
    public abstract int[] OutputShape(ReadOnlySpan<int> inputShape);

    /// <summary>The trainable tensors, in a fixed order (the order of checkpoints and optimizer state).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>
    /// Allocates parameters (initialised from <paramref name="seed"/> as Keras does) and the activation buffers for
    /// batches of up to <paramref name="capacity"/> examples of <paramref name="inputShape"/>.
    /// </summary>
    public abstract void Build(Device device, ReadOnlySpan<int> inputShape, int capacity, ulong seed);

    /// <summary>The output [B', ...] for the input [B', ...] of the batch described by <paramref name="context"/>.</summary>
    public abstract DeviceTensor Forward(BatchContext context, DeviceTensor input);

    /// <summary>
    /// Writes every parameter's gradient from dLoss/dOutput and returns dLoss/dInput, or null when
    /// <paramref name="computeInputGradient"/> is false.
    /// </summary>
    public abstract DeviceTensor? Backward(BatchContext context, DeviceTensor outputGradient, bool computeInputGradient);

    /// <summary>Returns every buffer the layer rented to its device's pool.</summary>
    public abstract void Dispose();
}
