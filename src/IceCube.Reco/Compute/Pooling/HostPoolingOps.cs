using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>Masked global average pooling on the host (<see cref="HostPooling"/>), split over threads by event.</summary>
internal sealed unsafe class HostPoolingOps(Device device) : PoolingOps(device)
{
    // Events per chunk: an event is L C floats (12,800 at the wide shape), so a chunk moves a few hundred KiB.
    private const int EventsPerChunk = 8;

    /// <inheritdoc />
    protected override void RunForward(DeviceTensor x, DeviceTensor lengths, DeviceTensor y)
    {
        var body = new Body(
            Ptr(x), Ptr(lengths), Ptr(y), x.Dim(0), x.Dim(1), x.Dim(2), SimdCapability.Active, backward: false);
        HostParallel.For(HostParallel.ChunkCount(x.Dim(0), EventsPerChunk), body);
    }

    /// <inheritdoc />
    protected override void RunBackward(DeviceTensor dy, DeviceTensor lengths, DeviceTensor dx)
    {
        var body = new Body(
            Ptr(dy), Ptr(lengths), Ptr(dx), dx.Dim(0), dx.Dim(1), dx.Dim(2), SimdCapability.Active, backward: true);
        HostParallel.For(HostParallel.ChunkCount(dx.Dim(0), EventsPerChunk), body);
    }

    // Forward: source x [B, L, C], target y [B, C]. Backward: source dy [B, C], target dx [B, L, C].
    private readonly struct Body(
        float* source, float* lengths, float* target, int batch, int steps, int channels, SimdWidth width,
        bool backward) : IParallelBody
    {
        public void Run(int chunk)
        {
            long first = (long)chunk * EventsPerChunk;
            long end = Math.Min(first + EventsPerChunk, batch);
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
