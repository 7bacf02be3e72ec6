using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>The dropout launcher.</summary>
internal sealed partial class IlgpuOps
{
    /// <inheritdoc />
    public void Dropout(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step)
    {
        OpsValidation.Dropout(device, input, output, rate);
        if (input.Length > 0)
        {
            // (seed, step) fold into one key on the host; the kernel mixes in the element index.
            var work = Split(input.Length);
            kernels.Dropout(
                work.Workers, work, input.View, output.View, DropoutKernels.Key(seed, step), rate, 1f / (1f - rate));
        }
    }
}
