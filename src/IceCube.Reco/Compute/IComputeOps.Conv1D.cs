using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The masked 1D convolution (see <see cref="Conv1DKernels"/> for the math and layouts).</summary>
internal partial interface IComputeOps
{
    /// <summary>
    /// y [B, L, Cout] = f(conv(x [B, L, Cin], weights [K, Cin, Cout]) + bias [Cout]), 'same' padding from each
    /// event's length (lengths: at least B exact float integers), y = 0 at padded steps. Also fills the workspace
    /// <paramref name="columns"/> [B, L, K Cin] with the im2col window, which the backward pass reads. Three
    /// launches (im2col, GEMM with bias, masked activation).
    /// </summary>
    void Conv1DForward(
        DeviceTensor x, DeviceTensor lengths, DeviceTensor weights, DeviceTensor bias, DeviceTensor columns,
        DeviceTensor y, ActivationKind activation);

    /// <summary>
    /// From dy, the stored forward output y and the forward's <paramref name="columns"/>: writes the masked
    /// pre-activation gradient into the workspace <paramref name="dz"/> [B, L, Cout], overwrites dWeights and dBias,
    /// and, unless null, dx [B, L, Cin] (0 at padded steps) through the workspace <paramref name="dColumns"/>
    /// [B, L, K Cin]. Deterministic. Six launches (four without dx).
    /// </summary>
    void Conv1DBackward(
        DeviceTensor lengths, DeviceTensor weights, DeviceTensor columns, DeviceTensor y, DeviceTensor dy,
        ActivationKind activation, DeviceTensor dz, DeviceTensor dColumns, DeviceTensor dWeights, DeviceTensor dBias,
        DeviceTensor? dx);
}
