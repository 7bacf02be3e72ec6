using IceCube.Reco.Kernels;
using static IceCube.Reco.Compute.HostMemory;

namespace IceCube.Reco.Compute;

/// <summary>The element-by-element ops on the host (<see cref="HostElementwise"/>).</summary>
internal sealed unsafe class HostElementwiseOps(Device device) : ElementwiseOps(device)
{
    /// <inheritdoc />
    protected override void RunFill(DeviceTensor x, float value) =>
        HostElementwise.Run(HostElementwiseOp.Fill, x.Length, null, Ptr(x), null, value);

    /// <inheritdoc />
    protected override void RunCopy(DeviceTensor source, DeviceTensor destination) =>
        HostElementwise.Run(HostElementwiseOp.Copy, source.Length, Ptr(source), Ptr(destination), null, 0f);

    /// <inheritdoc />
    protected override void RunScale(DeviceTensor x, float alpha) =>
        HostElementwise.Run(HostElementwiseOp.Scale, x.Length, null, Ptr(x), null, alpha);

    /// <inheritdoc />
    protected override void RunAxpy(float alpha, DeviceTensor x, DeviceTensor y) =>
        HostElementwise.Run(HostElementwiseOp.Axpy, x.Length, Ptr(x), Ptr(y), null, alpha);

    /// <inheritdoc />
    protected override void RunAddBias(DeviceTensor x, DeviceTensor bias) =>
        HostElementwise.AddBias(Ptr(x), x.Length / bias.Length, bias.Length, Ptr(bias));

    /// <inheritdoc />
    protected override void RunActivate(ActivationKind kind, DeviceTensor x, DeviceTensor y)
    {
        var op = kind switch
        {
            ActivationKind.Relu => HostElementwiseOp.Relu,
            ActivationKind.Tanh => HostElementwiseOp.Tanh,
            ActivationKind.Sigmoid => HostElementwiseOp.Sigmoid,
            _ => HostElementwiseOp.Copy,
        };
        if (op != HostElementwiseOp.Copy || Ptr(x) != Ptr(y))
        {
            HostElementwise.Run(op, x.Length, Ptr(x), Ptr(y), null, 0f);
        }
    }

    /// <inheritdoc />
    protected override void RunActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx)
    {
        var op = kind switch
        {
            ActivationKind.Relu => HostElementwiseOp.ReluBackward,
            ActivationKind.Tanh => HostElementwiseOp.TanhBackward,
            ActivationKind.Sigmoid => HostElementwiseOp.SigmoidBackward,
            _ => HostElementwiseOp.Copy,
        };
        if (op == HostElementwiseOp.Copy)
        {
            // f' = 1: dx = dy * 1 = dy.
            if (Ptr(dy) != Ptr(dx))
            {
                HostElementwise.Run(op, y.Length, Ptr(dy), Ptr(dx), null, 0f);
            }

            return;
        }

        HostElementwise.Run(op, y.Length, Ptr(dy), Ptr(y), Ptr(dx), 0f);
    }
}
