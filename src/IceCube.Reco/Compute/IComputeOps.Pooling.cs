namespace IceCube.Reco.Compute;

/// <summary>Masked global average pooling over time (see <see cref="IceCube.Reco.Kernels.PoolingKernels"/>).</summary>
internal partial interface IComputeOps
{
    /// <summary>y [B, C] = the mean of x [B, L, C] over each event's real steps (0 for an empty event).</summary>
    void GlobalAveragePool(DeviceTensor x, DeviceTensor lengths, DeviceTensor y);

    /// <summary>dx [B, L, C] = dy [B, C] / len at real steps, 0 at padded steps.</summary>
    void GlobalAveragePoolBackward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx);
}
