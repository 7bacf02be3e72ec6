using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IceCube.Reco.Compute;

/// <summary>
/// <see cref="IComputeOps"/> on the host: validates through <see cref="OpsValidation"/> exactly as
/// <see cref="IlgpuOps"/> does, then computes at once with the SIMD kernels of <see cref="Host"/> on the tensors'
/// host memory (the device's buffers come from ILGPU's CPU accelerator, whose memory is ordinary host memory). No
/// ILGPU kernel is ever launched, so every op has finished when it returns and <see cref="Synchronize"/> has nothing
/// to wait for. Scratch memory is kept and reused, so a training step allocates nothing after warm-up.
/// </summary>
internal sealed unsafe partial class HostOps : IComputeOps
{
    private readonly Device device;

    /// <summary>Creates the host ops of <paramref name="device"/>, whose buffers must be host memory.</summary>
    public HostOps(Device device)
    {
        this.device = device;
    }

    /// <inheritdoc />
    public void Synchronize()
    {
    }

    /// <summary>
    /// The address of <paramref name="tensor"/>'s first element (its offset in the owner's buffer applied); null for
    /// zero elements. Valid while the tensor's owner is alive: buffers of a CPU accelerator never move.
    /// </summary>
    internal static float* Ptr(DeviceTensor tensor)
    {
        var buffer = tensor.Buffer;
        return tensor.Length == 0 || buffer is null ? null : (float*)buffer.NativePtr + tensor.Offset;
    }

    /// <summary>
    /// The address of <paramref name="tensor"/>'s first element, or null when the tensor is null or empty.
    /// </summary>
    internal static float* PtrOrNull(DeviceTensor? tensor) => tensor is null ? null : Ptr(tensor);

    /// <summary>
    /// Makes <paramref name="scratch"/> a pinned host array of at least <paramref name="length"/> floats (grown by
    /// reallocation only when too small, so steady-state calls allocate nothing) and returns its address. Each op
    /// group keeps its own scratch fields, so ops never share a scratch array.
    /// </summary>
    internal static float* Scratch(ref float[]? scratch, int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            scratch = GC.AllocateUninitializedArray<float>(Math.Max(length, 1024), pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
    }
}
