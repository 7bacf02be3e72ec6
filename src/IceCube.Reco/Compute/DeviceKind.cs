namespace IceCube.Reco.Compute;

/// <summary>The kind of hardware a <see cref="Device"/> computes on.</summary>
public enum DeviceKind
{
    /// <summary>ILGPU's CPU accelerator: runs everywhere; meant for correctness and small jobs, not for speed.</summary>
    Cpu = 0,

    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda = 1,
}
