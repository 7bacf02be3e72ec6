using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>The Adam / AdamW update on the host (<see cref="HostAdam"/>).</summary>
internal sealed unsafe class HostAdamOps(Device device) : AdamOps(device)
{
    /// <inheritdoc />
    protected override void RunUpdate(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        in AdamSettings step) =>
        HostAdam.Update(
            Ptr(parameters), Ptr(gradients), Ptr(firstMoment), Ptr(secondMoment), parameters.Length, step);
}
