using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The host ops not written yet: each throws until its op group's file implements it.</summary>
internal sealed partial class HostOps
{
    /// <inheritdoc />
    public void LstmForward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor previousHidden,
        DeviceTensor output, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel) =>
        throw Pending();

    /// <inheritdoc />
    public void LstmBackward(
        int batch, DeviceTensor lengths, DeviceTensor gates, DeviceTensor cells, DeviceTensor outputGradient,
        DeviceTensor gateGradient, DeviceTensor forwardRecurrentKernel, DeviceTensor? reverseRecurrentKernel) =>
        throw Pending();

    private static NotSupportedException Pending([System.Runtime.CompilerServices.CallerMemberName] string op = "") =>
        new($"The host-SIMD device does not implement {op} yet; use the \"ilgpu-cpu\" device for it.");
}
