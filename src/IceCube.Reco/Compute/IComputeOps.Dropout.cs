namespace IceCube.Reco.Compute;

/// <summary>Inverted dropout with a counter-based mask (see <see cref="IceCube.Reco.Kernels.DropoutKernels"/>).</summary>
internal partial interface IComputeOps
{
    /// <summary>
    /// output = input * mask / (1 - rate), the mask of element i drawn from (seed, step, i): the same call serves
    /// the forward pass (on x) and the backward pass (on dy). output may be input. rate in [0, 1).
    /// </summary>
    void Dropout(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step);
}
