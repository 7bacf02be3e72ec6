using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.OperandChecks;

namespace IceCube.Reco.Compute;

/// <summary>
/// The element-by-element ops' seam: checks the operands once, skips empty tensors, then hands the call to the
/// backend (<see cref="HostElementwiseOps"/> or <see cref="IlgpuElementwiseOps"/>).
/// </summary>
internal abstract class ElementwiseOps(Device device)
{
    /// <summary>The device whose tensors the ops take.</summary>
    protected Device Device { get; } = device;

    /// <summary>x = value everywhere.</summary>
    public void Fill(DeviceTensor x, float value)
    {
        Contiguous(Device, x, nameof(x));
        if (x.Length > 0)
        {
            RunFill(x, value);
        }
    }

    /// <summary>destination = source (same element count, both contiguous).</summary>
    public void Copy(DeviceTensor source, DeviceTensor destination)
    {
        Contiguous(Device, source, nameof(source));
        Contiguous(Device, destination, nameof(destination));
        if (source.Length != destination.Length)
        {
            throw new ArgumentException(
                $"'destination' has {destination.Length} elements; 'source' has {source.Length}.", nameof(destination));
        }

        if (source.Length > 0)
        {
            RunCopy(source, destination);
        }
    }

    /// <summary>x = alpha * x.</summary>
    public void Scale(DeviceTensor x, float alpha)
    {
        Contiguous(Device, x, nameof(x));
        if (x.Length > 0)
        {
            RunScale(x, alpha);
        }
    }

    /// <summary>y = y + alpha * x.</summary>
    public void Axpy(float alpha, DeviceTensor x, DeviceTensor y)
    {
        SameShape(Device, x, nameof(x), y, nameof(y));
        if (x.Length > 0)
        {
            RunAxpy(alpha, x, y);
        }
    }

    /// <summary>x[.., c] += bias[c]: x is contiguous with last dimension equal to bias's length.</summary>
    public void AddBias(DeviceTensor x, DeviceTensor bias)
    {
        Contiguous(Device, x, nameof(x));
        Contiguous(Device, bias, nameof(bias));
        int columns = x.Rank == 0 ? 1 : x.Dim(x.Rank - 1);
        if (bias.Rank != 1 || bias.Length != columns)
        {
            throw new ArgumentException(
                $"'bias' is {Describe(bias)} but must be [{columns}], the last dimension of 'x' {Describe(x)}.",
                nameof(bias));
        }

        if (x.Length > 0 && bias.Length > 0)
        {
            RunAddBias(x, bias);
        }
    }

    /// <summary>y = f(x); y may be x.</summary>
    public void Activate(ActivationKind kind, DeviceTensor x, DeviceTensor y)
    {
        SameShape(Device, x, nameof(x), y, nameof(y));
        if (x.Length > 0)
        {
            RunActivate(kind, x, y);
        }
    }

    /// <summary>dx = dy * f'(x), with f' taken from the stored output y = f(x); dx may be dy.</summary>
    public void ActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx)
    {
        SameShape(Device, y, nameof(y), dy, nameof(dy));
        SameShape(Device, y, nameof(y), dx, nameof(dx));
        if (y.Length > 0)
        {
            RunActivationBackward(kind, y, dy, dx);
        }
    }

    /// <summary>Fills a checked, non-empty tensor.</summary>
    protected abstract void RunFill(DeviceTensor x, float value);

    /// <summary>Copies between checked, non-empty tensors of one length.</summary>
    protected abstract void RunCopy(DeviceTensor source, DeviceTensor destination);

    /// <summary>Scales a checked, non-empty tensor.</summary>
    protected abstract void RunScale(DeviceTensor x, float alpha);

    /// <summary>y += alpha x on checked, non-empty tensors of one shape.</summary>
    protected abstract void RunAxpy(float alpha, DeviceTensor x, DeviceTensor y);

    /// <summary>Adds a checked, non-empty bias to every row of a checked, non-empty x.</summary>
    protected abstract void RunAddBias(DeviceTensor x, DeviceTensor bias);

    /// <summary>y = f(x) on checked, non-empty tensors of one shape.</summary>
    protected abstract void RunActivate(ActivationKind kind, DeviceTensor x, DeviceTensor y);

    /// <summary>dx = dy f'(x) from y = f(x), on checked, non-empty tensors of one shape.</summary>
    protected abstract void RunActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx);
}
