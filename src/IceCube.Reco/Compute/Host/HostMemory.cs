using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// Raw addresses of the host-SIMD device's tensors, and the reusable scratch arrays of its ops. The device's buffers
/// come from ILGPU's CPU accelerator, whose memory is ordinary host memory that never moves, so the host ops address
/// it directly.
/// </summary>
internal static unsafe class HostMemory
{
    /// <summary>
    /// The address of <paramref name="tensor"/>'s first element (its offset in the owner's buffer applied); null for
    /// zero elements. Valid while the tensor's owner is alive.
    /// </summary>
    public static float* Ptr(DeviceTensor tensor)
    {
        var buffer = tensor.Buffer;
        return tensor.Length == 0 || buffer is null ? null : (float*)buffer.NativePtr + tensor.Offset;
    }

    /// <summary>The address of <paramref name="tensor"/>'s first element, or null when it is null or empty.</summary>
    public static float* PtrOrNull(DeviceTensor? tensor) => tensor is null ? null : Ptr(tensor);

    /// <summary>
    /// Makes <paramref name="scratch"/> a pinned host array of at least <paramref name="length"/> floats (grown by
    /// reallocation only when too small, so steady-state calls allocate nothing) and returns its address. Each op
    /// keeps its own scratch fields, so ops never share a scratch array.
    /// </summary>
    public static float* Scratch(ref float[]? scratch, int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            scratch = GC.AllocateUninitializedArray<float>(Math.Max(length, 1024), pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
    }
}
