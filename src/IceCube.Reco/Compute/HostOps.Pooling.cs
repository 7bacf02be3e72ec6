using IceCube.Reco.Compute.Host;

namespace IceCube.Reco.Compute;

/// <summary>Masked global average pooling on the host (<see cref="HostPooling"/>), split over threads by event.</summary>
internal sealed unsafe partial class HostOps
{
    // Events per chunk: an event is L C floats (12,800 at the wide shape), so a chunk moves a few hundred KiB.
    private const int PoolingEventsPerChunk = 8;

    /// <inheritdoc />
    public void GlobalAveragePool(DeviceTensor x, DeviceTensor lengths, DeviceTensor y)
    {
        OpsValidation.Pooling(device, x, nameof(x), y, nameof(y), lengths);
        if (y.Length > 0)
        {
            var body = new PoolingBody(
                Ptr(x), Ptr(lengths), Ptr(y), x.Dim(0), x.Dim(1), x.Dim(2), SimdCapability.Active, backward: false);
            HostParallel.For(HostParallel.ChunkCount(x.Dim(0), PoolingEventsPerChunk), body);
        }
    }

    /// <inheritdoc />
    public void GlobalAveragePoolBackward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx)
    {
        OpsValidation.Pooling(device, dx, nameof(dx), dy, nameof(dy), lengths);
        if (dx.Length > 0)
        {
            var body = new PoolingBody(
                Ptr(dy), Ptr(lengths), Ptr(dx), dx.Dim(0), dx.Dim(1), dx.Dim(2), SimdCapability.Active, backward: true);
            HostParallel.For(HostParallel.ChunkCount(dx.Dim(0), PoolingEventsPerChunk), body);
        }
    }

    // Forward: source x [B, L, C], target y [B, C]. Backward: source dy [B, C], target dx [B, L, C].
    private readonly struct PoolingBody(
        float* source, float* lengths, float* target, int batch, int steps, int channels, SimdWidth width,
        bool backward) : IParallelBody
    {
        public void Run(int chunk)
        {
            long first = (long)chunk * PoolingEventsPerChunk;
            long end = Math.Min(first + PoolingEventsPerChunk, batch);
            if (backward)
            {
                HostPooling.BackwardEvents(source, lengths, target, steps, channels, width, first, end);
            }
            else
            {
                HostPooling.ForwardEvents(source, lengths, target, steps, channels, width, first, end);
            }
        }
    }
}
