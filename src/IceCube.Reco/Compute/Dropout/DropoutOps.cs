using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// Inverted dropout with a counter-based mask (see <see cref="IceCube.Reco.Kernels.DropoutKernels"/>): checks the
/// operands once, then hands the call to the backend (<see cref="HostDropoutOps"/> or <see cref="IlgpuDropoutOps"/>).
/// </summary>
internal abstract class DropoutOps(Device device)
{
    /// <summary>The device whose tensors the op takes.</summary>
    protected Device Device { get; } = device;

    /// <summary>
    /// output = input * mask / (1 - rate), the mask of element i drawn from (seed, step, i): the same call serves
    /// the forward pass (on x) and the backward pass (on dy). output may be input. rate in [0, 1).
    /// </summary>
    public void Apply(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step)
    {
        SameShape(Device, input, nameof(input), output, nameof(output));
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        }

        if (input.Length > 0)
        {
            RunApply(input, output, rate, seed, step);
        }
    }

    /// <summary>Applies the mask to checked, non-empty tensors.</summary>
    protected abstract void RunApply(DeviceTensor input, DeviceTensor output, float rate, ulong seed, ulong step);
}
