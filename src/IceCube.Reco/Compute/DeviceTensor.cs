using ILGPU;
using ILGPU.Runtime;

namespace IceCube.Reco.Compute;

/// <summary>
/// Floats on a device with a row-major shape. A tensor rented from the device's <see cref="TensorPool"/> owns its
/// buffer and gives it back on <see cref="Dispose"/>; views (<see cref="Reshape"/>, <see cref="Slice"/>,
/// <see cref="Step"/>) share the owner's buffer, never own it, and become unusable when the owner is disposed.
/// The first dimension may be strided (<see cref="RowStride"/> larger than a row): that is how <see cref="Step"/>
/// exposes time step t of a [B, L, C] sequence as a [B, C] matrix without a copy.
/// </summary>
internal sealed class DeviceTensor : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? buffer;
    private readonly DeviceTensor? owner;
    private readonly int[] shape;
    private bool disposed;

    /// <summary>Creates an owning tensor over <paramref name="buffer"/> (null for zero elements).</summary>
    internal DeviceTensor(Device device, MemoryBuffer1D<float, Stride1D.Dense>? buffer, int[] shape)
    {
        Device = device;
        this.buffer = buffer;
        this.shape = shape;
        Length = (int)CheckedLength(shape, nameof(shape));
        RowLength = shape.Length <= 1 ? 1 : (int)CheckedLength(shape.AsSpan(1), nameof(shape));
        RowStride = RowLength;
    }

    private DeviceTensor(DeviceTensor owner, int[] shape, long offset, int rowStride)
    {
        Device = owner.Device;
        this.owner = owner;
        buffer = owner.buffer;
        this.shape = shape;
        Offset = offset;
        Length = (int)CheckedLength(shape, nameof(shape));
        RowLength = shape.Length <= 1 ? 1 : (int)CheckedLength(shape.AsSpan(1), nameof(shape));
        RowStride = rowStride;
    }

    /// <summary>The device that holds the floats.</summary>
    public Device Device { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>Number of elements (the product of the dimensions).</summary>
    public int Length { get; }

    /// <summary>Offset of the first element in the owner's buffer, in floats.</summary>
    public long Offset { get; }

    /// <summary>Elements in one entry of the first dimension (1 for rank 0 and 1).</summary>
    public int RowLength { get; }

    /// <summary>Floats between consecutive entries of the first dimension; equals <see cref="RowLength"/> when contiguous.</summary>
    public int RowStride { get; }

    /// <summary>True when the elements are one dense run in row-major order.</summary>
    public bool IsContiguous => RowStride == RowLength || Rank <= 1 || shape[0] <= 1;

    /// <summary>True when this tensor, or the owner of this view, or the device, has been disposed.</summary>
    public bool IsDisposed => disposed || (owner?.disposed ?? false) || Device.IsDisposed;

    /// <summary>The owner's buffer (null for zero elements): the host ops address its memory directly.</summary>
    internal MemoryBuffer1D<float, Stride1D.Dense>? Buffer => buffer;

    /// <summary>
    /// The device memory the tensor spans, from its first to its last element (gaps of a strided first dimension
    /// included); empty for zero elements.
    /// </summary>
    internal ArrayView<float> View
    {
        get
        {
            if (Length == 0 || buffer is null)
            {
                return ArrayView<float>.Empty;
            }

            long rows = Rank <= 1 ? 1 : shape[0];
            long extent = Rank <= 1 ? Length : (rows - 1) * RowStride + RowLength;
            return buffer.View.SubView(Offset, extent);
        }
    }

    /// <summary>Size of dimension <paramref name="axis"/>.</summary>
    public int Dim(int axis) => shape[axis];

    /// <summary>A view with another shape of the same element count; needs a contiguous tensor.</summary>
    /// <exception cref="ArgumentException">The counts differ or this tensor is strided.</exception>
    public DeviceTensor Reshape(params int[] newShape)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        ThrowIfDisposed(nameof(Reshape));
        long length = CheckedLength(newShape, nameof(newShape));
        if (length != Length)
        {
            throw new ArgumentException(
                $"Cannot reshape [{string.Join(", ", shape)}] ({Length} elements) to [{string.Join(", ", newShape)}] ({length} elements).",
                nameof(newShape));
        }

        if (!IsContiguous)
        {
            throw new ArgumentException("Cannot reshape a strided view; copy it to a contiguous tensor first.", nameof(newShape));
        }

        int stride = newShape.Length <= 1 ? 1 : (int)CheckedLength(newShape.AsSpan(1), nameof(newShape));
        return new DeviceTensor(Root, (int[])newShape.Clone(), Offset, stride);
    }

    /// <summary>Entries start .. start + count - 1 of the first dimension, as a view.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the first dimension.</exception>
    public DeviceTensor Slice(int start, int count)
    {
        ThrowIfDisposed(nameof(Slice));
        if (Rank == 0)
        {
            throw new ArgumentException("Cannot slice a rank-0 tensor.", nameof(start));
        }

        if (start < 0 || count < 0 || (long)start + count > shape[0])
        {
            throw new ArgumentOutOfRangeException(
                nameof(start), $"Slice [{start}, {start} + {count}) is outside the first dimension of size {shape[0]}.");
        }

        var newShape = (int[])shape.Clone();
        newShape[0] = count;
        long step = Rank == 1 ? 1 : RowStride;
        return new DeviceTensor(Root, newShape, Offset + start * step, RowStride);
    }

    /// <summary>Time step <paramref name="t"/> of a contiguous [B, L, C] tensor as a [B, C] view with row stride L * C.</summary>
    /// <exception cref="ArgumentException">The tensor is not a contiguous rank-3 tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is outside 0 .. L - 1.</exception>
    public DeviceTensor Step(int t)
    {
        ThrowIfDisposed(nameof(Step));
        if (Rank != 3 || !IsContiguous)
        {
            throw new ArgumentException($"Step needs a contiguous [B, L, C] tensor, not [{string.Join(", ", shape)}].", nameof(t));
        }

        if (t < 0 || t >= shape[1])
        {
            throw new ArgumentOutOfRangeException(nameof(t), $"Step {t} is outside 0 .. {shape[1] - 1}.");
        }

        return new DeviceTensor(Root, [shape[0], shape[2]], Offset + (long)t * shape[2], shape[1] * shape[2]);
    }

    /// <summary>Copies host floats into a contiguous tensor.</summary>
    /// <exception cref="ArgumentException">The span's length differs from <see cref="Length"/>.</exception>
    public void Upload(ReadOnlySpan<float> source)
    {
        RequireContiguousTransfer(source.Length, nameof(source));
        if (Length == 0)
        {
            return;
        }

        if (Device.Kind == DeviceKind.HostSimd)
        {
            source.CopyTo(HostSpan());
            return;
        }

        View.CopyFromCPU(source);
    }

    /// <summary>Waits for pending work and copies a contiguous tensor to host floats.</summary>
    /// <exception cref="ArgumentException">The span's length differs from <see cref="Length"/>.</exception>
    public void Download(Span<float> destination)
    {
        RequireContiguousTransfer(destination.Length, nameof(destination));
        Device.Accelerator.Synchronize();
        if (Length == 0)
        {
            return;
        }

        if (Device.Kind == DeviceKind.HostSimd)
        {
            HostSpan().CopyTo(destination);
            return;
        }

        View.CopyToCPU(destination);
    }

    /// <summary>The elements as a new host array.</summary>
    public float[] ToArray()
    {
        var result = new float[Length];
        Download(result);
        return result;
    }

    /// <summary>An owner returns its buffer to the pool; a view only marks itself unusable.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (owner is null && buffer is not null)
        {
            Device.Pool.Return(buffer);
        }
    }

    /// <summary>Throws ObjectDisposedException naming <paramref name="operand"/> when the tensor is unusable.</summary>
    internal void ThrowIfDisposed(string operand)
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(
                operand, $"Tensor '{operand}' was used after it (or its owner, or its device) was disposed.");
        }
    }

    /// <summary>The product of the dimensions, validated: no negative dimension, at most int.MaxValue elements.</summary>
    internal static long CheckedLength(ReadOnlySpan<int> dimensions, string argument)
    {
        long length = 1;
        for (int i = 0; i < dimensions.Length; i++)
        {
            if (dimensions[i] < 0)
            {
                throw new ArgumentOutOfRangeException(argument, $"Dimension {i} of {argument} is negative ({dimensions[i]}).");
            }

            length *= dimensions[i];
            if (length > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(argument, $"{argument} has more than {int.MaxValue} elements.");
            }
        }

        return length;
    }

    private DeviceTensor Root => owner ?? this;

    // The host-SIMD device's buffers live in host memory: a span over them copies without ILGPU's transfer
    // machinery, which allocates a little per call.
    private unsafe Span<float> HostSpan() => new((float*)buffer!.NativePtr + Offset, Length);

    private void RequireContiguousTransfer(int length, string argument)
    {
        ThrowIfDisposed("tensor");
        if (!IsContiguous)
        {
            throw new ArgumentException("Host transfers need a contiguous tensor, not a strided view.", argument);
        }

        if (length != Length)
        {
            throw new ArgumentException($"{argument} has {length} floats; the tensor has {Length}.", argument);
        }
    }
}
