using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>The GEMM on the host: <see cref="HostGemm"/>'s register-blocked SIMD kernel on every host thread.</summary>
internal sealed unsafe class HostGemmOps(Device device) : GemmOps(device)
{
    /// <inheritdoc />
    protected override void Run(in GemmShape shape, DeviceTensor a, DeviceTensor b, DeviceTensor c, DeviceTensor? bias) =>
        HostGemm.Multiply(shape, Ptr(a), Ptr(b), Ptr(c), PtrOrNull(bias));
}
