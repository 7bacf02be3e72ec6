using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>Inverted dropout on the host (<see cref="HostDropout"/>), split over threads by element.</summary>
internal sealed unsafe class HostDropoutOps(Device device) : DropoutOps(device)
{
    // Elements per chunk: a mask element costs a few nanoseconds, so a chunk is some tens of microseconds.
    private const int ElementsPerChunk = 8192;

    /// <inheritdoc />
    protected override void RunApply(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step)
    {
        // The same key as the kernel's launch, so the mask matches every other device bit for bit.
        var body = new Body(
            Ptr(input), Ptr(output), DropoutKernels.Key(seed, step), rate, 1f / (1f - rate), SimdCapability.Active,
            input.Length);
        HostParallel.For(HostParallel.ChunkCount(input.Length, ElementsPerChunk), body);
    }

    private readonly struct Body(
        float* input, float* output, ulong key, float rate, float scale, SimdWidth width, long count) : IParallelBody
    {
        public void Run(int chunk)
        {
            long first = (long)chunk * ElementsPerChunk;
            HostDropout.Apply(input, output, key, rate, scale, width, first, Math.Min(first + ElementsPerChunk, count));
        }
    }
}
