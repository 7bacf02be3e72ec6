using System.Runtime.Intrinsics;
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

            float count = length;
            int c = 0;
            if (width >= SimdWidth.V512)
            {
                for (; c + Vector512<float>.Count <= channels; c += Vector512<float>.Count)
                {
                    var sum = Vector512<float>.Zero;
                    for (int t = 0; t < length; t++)
                    {
                        sum += Vector512.Load(events + ((long)t * channels) + c);
                    }

                    (sum / count).Store(target + c);
                }
            }

            if (width >= SimdWidth.V256)
            {
                for (; c + Vector256<float>.Count <= channels; c += Vector256<float>.Count)
                {
                    var sum = Vector256<float>.Zero;
                    for (int t = 0; t < length; t++)
                    {
                        sum += Vector256.Load(events + ((long)t * channels) + c);
                    }

                    (sum / count).Store(target + c);
                }
            }

            if (width >= SimdWidth.V128)
            {
                for (; c + Vector128<float>.Count <= channels; c += Vector128<float>.Count)
                {
                    var sum = Vector128<float>.Zero;
                    for (int t = 0; t < length; t++)
                    {
                        sum += Vector128.Load(events + ((long)t * channels) + c);
                    }

                    (sum / count).Store(target + c);
                }
            }

            for (; c < channels; c++)
            {
                float sum = 0f;
                for (int t = 0; t < length; t++)
                {
                    sum += events[((long)t * channels) + c];
                }

                target[c] = sum / count;
            }
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
            float count = length;
            int c = 0;
            if (width >= SimdWidth.V512)
            {
                for (; c + Vector512<float>.Count <= channels; c += Vector512<float>.Count)
                {
                    (Vector512.Load(source + c) / count).Store(events + c);
                }
            }

            if (width >= SimdWidth.V256)
            {
                for (; c + Vector256<float>.Count <= channels; c += Vector256<float>.Count)
                {
                    (Vector256.Load(source + c) / count).Store(events + c);
                }
            }

            if (width >= SimdWidth.V128)
            {
                for (; c + Vector128<float>.Count <= channels; c += Vector128<float>.Count)
                {
                    (Vector128.Load(source + c) / count).Store(events + c);
                }
            }

            for (; c < channels; c++)
            {
                events[c] = source[c] / count;
            }

            var share = new ReadOnlySpan<float>(events, channels);
            for (int t = 1; t < length; t++)
            {
                share.CopyTo(new Span<float>(events + ((long)t * channels), channels));
            }
        }
    }
}
