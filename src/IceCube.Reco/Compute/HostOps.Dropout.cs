using IceCube.Reco.Compute.Host;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>Inverted dropout on the host (<see cref="HostDropout"/>), split over threads by element.</summary>
internal sealed unsafe partial class HostOps
{
    // Elements per chunk: a mask element costs a few nanoseconds, so a chunk is some tens of microseconds.
    private const int DropoutElementsPerChunk = 8192;

    /// <inheritdoc />
    public void Dropout(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step)
    {
        OpsValidation.Dropout(device, input, output, rate);
        if (input.Length > 0)
        {
            // The same key as the kernel's launch, so the mask matches every other device bit for bit.
            var body = new DropoutBody(
                Ptr(input), Ptr(output), DropoutKernels.Key(seed, step), rate, 1f / (1f - rate),
                SimdCapability.Active, input.Length);
            HostParallel.For(HostParallel.ChunkCount(input.Length, DropoutElementsPerChunk), body);
        }
    }

    private readonly struct DropoutBody(
        float* input, float* output, ulong key, float rate, float scale, SimdWidth width, long count) : IParallelBody
    {
        public void Run(int chunk)
        {
            long first = (long)chunk * DropoutElementsPerChunk;
            HostDropout.Apply(input, output, key, rate, scale, width, first, Math.Min(first + DropoutElementsPerChunk, count));
        }
    }
}
