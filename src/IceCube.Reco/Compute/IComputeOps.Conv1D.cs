using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The masked 1D convolution (see <see cref="Conv1DKernels"/> for the math and layouts).</summary>
internal partial interface IComputeOps
{
    /// <summary>
    /// y [B, L, Cout] = f(conv(x [B, L, Cin], weights [K, Cin, Cout]) + bias [Cout]), 'same' padding from each
    /// event's length (lengths: at least B exact float integers), y = 0 at padded steps. One launch.
    /// </summary>
    void Conv1DForward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias, DeviceTensor y,
        ActivationKind activation);

    /// <summary>
    /// From dy and the stored forward output y: writes the masked pre-activation gradient into the workspace
    /// <paramref name="dz"/> [B, L, Cout], overwrites dWeights and dBias, and, unless null, dx [B, L, Cin]
    /// (0 at padded steps). Deterministic. Three launches (two without dx).
    /// </summary>
    void Conv1DBackward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor y, DeviceTensor dy,
        ActivationKind activation, DeviceTensor dz, DeviceTensor dWeights, DeviceTensor dBias, DeviceTensor? dx);
}
