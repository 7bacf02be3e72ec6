namespace IceCube.Reco.Compute;

/// <summary>The kind of hardware a <see cref="Device"/> computes on.</summary>
public enum DeviceKind
{
    /// <summary>
    /// ILGPU's CPU accelerator ("ilgpu-cpu"): runs the ILGPU kernels on simulated GPU threads; meant for debugging
    /// kernels, not for speed.
    /// </summary>
    IlgpuCpu = 0,

    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda = 1,

    /// <summary>
    /// The host itself ("cpu", alias "host-simd"): every operation in C# with vector instructions on all cores; the
    /// CPU device of <see cref="Device.Cpu"/> and <see cref="Device.Best"/> without CUDA.
    /// </summary>
    HostSimd = 2,
}
