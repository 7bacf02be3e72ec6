using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// Masked global average pooling on the host, the math of <see cref="PoolingKernels"/>: x [B, L, C] to y [B, C], the
/// mean over each event's real steps (0 for an empty event), and back. Work is split by event. The channels are the
/// vector lanes and each lane adds the steps in step order and divides once, exactly as the kernel's scalar loop
/// does, so every width (and the ILGPU kernel) gives the same bits.
/// </summary>
internal static unsafe class HostPooling
{
    /// <summary>Events first .. end - 1: y[b, :] = (1 / len) sum_{t &lt; len} x[b, t, :], 0 when len = 0.</summary>
    public static void ForwardEvents(
        float* x, float* lengths, float* y, int steps, int channels, SimdWidth width, long first, long end)
    {
        for (long b = first; b < end; b++)
        {
            int length = HostSequenceLengths.Read(lengths[b], steps);
            float* events = x + (b * steps * channels);
            float* target = y + (b * channels);
            if (length == 0)
            {
                // An empty event has nothing to average: 0, not 0 / 0.
                new Span<float>(target, channels).Clear();
                continue;
            }

            var body = new ForwardBody(events, target, length, channels);
            SimdDispatch.Ladder(width, ref body);
        }
    }

    /// <summary>Events first .. end - 1: dx[b, t, :] = dy[b, :] / len at real steps, 0 at padded steps.</summary>
    public static void BackwardEvents(
        float* dy, float* lengths, float* dx, int steps, int channels, SimdWidth width, long first, long end)
    {
        for (long b = first; b < end; b++)
        {
            int length = HostSequenceLengths.Read(lengths[b], steps);
            float* source = dy + (b * channels);
            float* events = dx + (b * steps * channels);
            if (length < steps)
            {
                new Span<float>(events + ((long)length * channels), (steps - length) * channels).Clear();
            }

            if (length == 0)
            {
                continue;
            }

            // The share is computed once into the first step and copied: the same division for every step.
            var body = new ShareBody(source, events, length, channels);
            SimdDispatch.Ladder(width, ref body);

            var share = new ReadOnlySpan<float>(events, channels);
            for (int t = 1; t < length; t++)
            {
                share.CopyTo(new Span<float>(events + ((long)t * channels), channels));
            }
        }
    }

    // Channels c, c + Count, ... of one event's mean: each lane adds the steps in step order from 0, then divides
    // once by the length. Returns the first channel not done.
    private static int Means<TVec>(int c, float* events, float* target, int length, int channels)
        where TVec : struct, IFloatVector<TVec>
    {
        var count = TVec.Create(length);
        for (; c + TVec.Count <= channels; c += TVec.Count)
        {
            var sum = TVec.Zero;
            float* step = events + c;
            for (int t = 0; t < length; t++, step += channels)
            {
                sum = TVec.Add(sum, TVec.Load(step));
            }

            TVec.Store(TVec.Divide(sum, count), target + c);
        }

        return c;
    }

    // Channels c, c + Count, ... of one event's share dy / len. Returns the first channel not done.
    private static int Shares<TVec>(int c, float* source, float* target, int length, int channels)
        where TVec : struct, IFloatVector<TVec>
    {
        var count = TVec.Create(length);
        for (; c + TVec.Count <= channels; c += TVec.Count)
        {
            TVec.Store(TVec.Divide(TVec.Load(source + c), count), target + c);
        }

        return c;
    }

    private readonly struct ForwardBody(float* events, float* target, int length, int channels) : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => Means<TVec>(start, events, target, length, channels);
    }

    private readonly struct ShareBody(float* source, float* target, int length, int channels) : IVectorLoopBody
    {
        public int Run<TVec>(int start)
            where TVec : struct, IFloatVector<TVec> => Shares<TVec>(start, source, target, length, channels);
    }
}
