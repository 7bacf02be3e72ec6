namespace IceCube.Reco.Compute;

/// <summary>The pooling launchers.</summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void GlobalAveragePool(DeviceTensor x, DeviceTensor lengths, DeviceTensor y)
    {
        OpsValidation.Pooling(device, x, nameof(x), y, nameof(y), lengths);
        if (y.Length > 0)
        {
            var work = Split(y.Length);
            kernels.AveragePoolForward(work.Workers, work, x.View, lengths.View, y.View, x.Dim(1), x.Dim(2));
        }
    }

    /// <inheritdoc />
    public void GlobalAveragePoolBackward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx)
    {
        OpsValidation.Pooling(device, dx, nameof(dx), dy, nameof(dy), lengths);
        if (dx.Length > 0)
        {
            var work = Split(dx.Length);
            kernels.AveragePoolBackward(work.Workers, work, dy.View, lengths.View, dx.View, dx.Dim(1), dx.Dim(2));
        }
    }
}
