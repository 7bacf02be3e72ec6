namespace IceCube.Reco.Compute;

/// <summary>
/// The LSTM recurrence ops (forward and backpropagation through time, one launch for all directions) and the
/// inference-only forward pass, input projection included.
/// </summary>
internal partial interface IComputeOps
{
    /// <summary>
    /// Runs the recurrence of a one- or two-direction LSTM over the first <paramref name="batch"/> events.
    /// On entry <paramref name="gates"/> [D, C, L, 4H] holds x_t W + bias for every step (gate blocks i, f, g, o);
    /// on exit the activated gates. Writes c into <paramref name="cells"/> [D, C, L, H], h_prev (0 at each
    /// direction's first step and at padded steps) into <paramref name="previousHidden"/> [D, C, L, H], and h into
    /// <paramref name="output"/> [B', L, D * H] (direction d in channels d * H ..), 0 at t &gt;= length. Direction 0
    /// runs t = 0 .. len - 1 with <paramref name="forwardRecurrentKernel"/> [H, 4H]; direction 1 runs
    /// t = len - 1 .. 0 with <paramref name="reverseRecurrentKernel"/> (null for one direction).
    /// </summary>
    void LstmForward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel);

    /// <summary>
    /// Backpropagation through time of <see cref="LstmForward"/> from its stored gates and cells and dLoss/dOutput
    /// <paramref name="outputGradient"/> [B', L, D * H] (ignored at padded steps): writes dLoss/dZ, the gradient of
    /// the pre-activation gates, into <paramref name="gateGradient"/> [D, C, L, 4H], 0 at padded steps. The weight,
    /// bias and input gradients follow from dZ by GEMMs and column sums, deterministically.
    /// </summary>
    void LstmBackward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel);

    /// <summary>
    /// The whole inference forward pass of a one- or two-direction LSTM over the first <paramref name="batch"/>
    /// events, input projection included: from <paramref name="input"/> [B', L, Cin] writes h into
    /// <paramref name="output"/> [B', L, D * H] (direction d in channels d * H .., 0 at t &gt;= length), with the step
    /// and direction order of <see cref="LstmForward"/>. Direction 0 uses <paramref name="forwardKernel"/> W [Cin, 4H],
    /// <paramref name="forwardRecurrentKernel"/> U [H, 4H] and <paramref name="forwardBias"/> [4H]; direction 1 the
    /// reverse ones (all three null for one direction). Nothing a backward pass needs is kept: a device may use
    /// <paramref name="gates"/> [D, C, L, 4H], <paramref name="cells"/> and <paramref name="previousHidden"/>
    /// [D, C, L, H] as scratch, and their contents are undefined afterwards.
    /// </summary>
    void LstmInference(
        int batch, DeviceTensor lengths, DeviceTensor input, DeviceTensor output,
        DeviceTensor forwardKernel, DeviceTensor forwardRecurrentKernel, DeviceTensor forwardBias,
        DeviceTensor? reverseKernel, DeviceTensor? reverseRecurrentKernel, DeviceTensor? reverseBias,
        DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden);
}
