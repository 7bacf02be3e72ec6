namespace IceCube.Reco.Compute;

/// <summary>Which GEMM kernel the launcher uses.</summary>
internal enum GemmVariant
{
    /// <summary>The barrier-free 4 x 4 register-blocked kernel: the CPU accelerator's choice.</summary>
    Chunked = 0,

    /// <summary>The shared-memory tiled kernel: the CUDA choice.</summary>
    Tiled = 1,
}
