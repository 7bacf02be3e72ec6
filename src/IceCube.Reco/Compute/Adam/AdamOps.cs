using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// The Adam / AdamW update's seam (see <see cref="AdamKernels"/>): checks the tensors and settings once, applies the
/// step's bias corrections, then hands the call to the backend (<see cref="HostAdamOps"/> or <see cref="IlgpuAdamOps"/>).
/// </summary>
internal abstract class AdamOps(Device device)
{
    /// <summary>The device whose tensors the op takes.</summary>
    protected Device Device { get; } = device;

    /// <summary>
    /// One Adam or AdamW step (<paramref name="step"/> counts from 1) over one parameter tensor and its gradient and
    /// moment tensors, all of one shape; parameters and moments are updated in place.
    /// </summary>
    public void Update(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        AdamSettings settings, int step)
    {
        SameShape(Device, parameters, nameof(parameters), gradients, nameof(gradients));
        SameShape(Device, parameters, nameof(parameters), firstMoment, nameof(firstMoment));
        SameShape(Device, parameters, nameof(parameters), secondMoment, nameof(secondMoment));
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var s = settings;
        if (!(s.LearningRate >= 0f) || !(s.Beta1 >= 0f && s.Beta1 < 1f) || !(s.Beta2 >= 0f && s.Beta2 < 1f)
            || !(s.Epsilon > 0f) || !(s.WeightDecay >= 0f))
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings),
                $"Adam needs learning rate >= 0, 0 <= beta1, beta2 < 1, epsilon > 0, weight decay >= 0; got {s}.");
        }

        if (parameters.Length > 0)
        {
            RunUpdate(parameters, gradients, firstMoment, secondMoment, settings.AtStep(step));
        }
    }

    /// <summary>The update of checked, non-empty tensors with one step's settings.</summary>
    protected abstract void RunUpdate(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        in AdamSettings step);
}
