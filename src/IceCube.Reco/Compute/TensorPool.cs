using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// A device's free lists of float buffers, keyed by exact element count. Disposing a rented tensor returns its
/// buffer here, so a training step that rents and returns the same shapes every step allocates no device memory
/// after the first one. Not thread-safe: one training loop drives one device.
/// </summary>
internal sealed class TensorPool : IDisposable
{
    private readonly Device device;
    private readonly Dictionary<long, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> free = [];
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> all = [];

    /// <summary>Creates the pool of <paramref name="device"/>.</summary>
    public TensorPool(Device device) => this.device = device;

    /// <summary>Number of device buffers allocated so far (reuse keeps it flat).</summary>
    public int AllocatedBuffers => all.Count;

    /// <summary>
    /// A contiguous row-major tensor of the given shape. Its contents are undefined (whatever the buffer's previous
    /// user left): fill it or write it fully before reading.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or the element count exceeds int.MaxValue.</exception>
    public DeviceTensor Rent(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        device.ThrowIfDisposed();
        long length = DeviceTensor.CheckedLength(shape, nameof(shape));
        MemoryBuffer1D<float, Stride1D.Dense>? buffer = null;
        if (length > 0)
        {
            if (free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                buffer = stack.Pop();
            }
            else
            {
                buffer = device.Accelerator.Allocate1D<float>(length);
                all.Add(buffer);
            }
        }

        return new DeviceTensor(device, buffer, (int[])shape.Clone());
    }

    /// <summary>Rents a tensor and fills it with zeros.</summary>
    public DeviceTensor RentZeroed(params int[] shape)
    {
        var tensor = Rent(shape);
        device.Ops.Elementwise.Fill(tensor, 0f);
        return tensor;
    }

    /// <summary>Takes a buffer back for reuse.</summary>
    public void Return(MemoryBuffer1D<float, Stride1D.Dense> buffer)
    {
        if (device.IsDisposed)
        {
            return;
        }

        if (!free.TryGetValue(buffer.Length, out var stack))
        {
            stack = new Stack<MemoryBuffer1D<float, Stride1D.Dense>>();
            free[buffer.Length] = stack;
        }

        stack.Push(buffer);
    }

    /// <summary>Frees every buffer ever allocated, rented or not.</summary>
    public void Dispose()
    {
        foreach (var buffer in all)
        {
            buffer.Dispose();
        }

        all.Clear();
        free.Clear();
    }
}
