using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using IceCube.Reco.Compute.Host;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// <see cref="IComputeOps"/> on the host: validates through <see cref="OpsValidation"/> exactly as
/// <see cref="IlgpuOps"/> does, then computes at once with the SIMD kernels of <see cref="Host"/> on the tensors'
/// host memory (the device's buffers come from ILGPU's CPU accelerator, whose memory is ordinary host memory). No
/// ILGPU kernel is ever launched, so every op has finished when it returns and <see cref="Synchronize"/> has nothing
/// to wait for. Scratch memory is kept and reused, so a training step allocates nothing after warm-up.
/// </summary>
internal sealed unsafe partial class HostOps : IComputeOps
{
    private readonly Device device;
    private float[]? reductionScratch;
    private nint[] tensorAddresses = new nint[64];
    private int[] tensorLengths = new int[64];

    /// <summary>Creates the host ops of <paramref name="device"/>, whose buffers must be host memory.</summary>
    public HostOps(Device device)
    {
        this.device = device;
    }

    /// <inheritdoc />
    public void Gemm(
        DeviceTensor a, bool transposeA, DeviceTensor b, bool transposeB, DeviceTensor c,
        float alpha = 1f, float beta = 0f, DeviceTensor? bias = null)
    {
        var shape = OpsValidation.Gemm(device, a, transposeA, b, transposeB, c, alpha, beta, bias);
        HostGemm.Multiply(shape, Ptr(a), Ptr(b), Ptr(c), PtrOrNull(bias));
    }

    /// <inheritdoc />
    public void Fill(DeviceTensor x, float value)
    {
        OpsValidation.Contiguous(device, x, nameof(x));
        HostElementwise.Run(HostElementwiseOp.Fill, x.Length, null, Ptr(x), null, value);
    }

    /// <inheritdoc />
    public void Copy(DeviceTensor source, DeviceTensor destination)
    {
        OpsValidation.Contiguous(device, source, nameof(source));
        OpsValidation.Contiguous(device, destination, nameof(destination));
        if (source.Length != destination.Length)
        {
            throw new ArgumentException(
                $"'destination' has {destination.Length} elements; 'source' has {source.Length}.", nameof(destination));
        }

        HostElementwise.Run(HostElementwiseOp.Copy, source.Length, Ptr(source), Ptr(destination), null, 0f);
    }

    /// <inheritdoc />
    public void Scale(DeviceTensor x, float alpha)
    {
        OpsValidation.Contiguous(device, x, nameof(x));
        HostElementwise.Run(HostElementwiseOp.Scale, x.Length, null, Ptr(x), null, alpha);
    }

    /// <inheritdoc />
    public void Axpy(float alpha, DeviceTensor x, DeviceTensor y)
    {
        OpsValidation.SameShape(device, x, nameof(x), y, nameof(y));
        HostElementwise.Run(HostElementwiseOp.Axpy, x.Length, Ptr(x), Ptr(y), null, alpha);
    }

    /// <inheritdoc />
    public void AddBias(DeviceTensor x, DeviceTensor bias)
    {
        OpsValidation.AddBias(device, x, bias);
        if (bias.Length > 0)
        {
            HostElementwise.AddBias(Ptr(x), x.Length / bias.Length, bias.Length, Ptr(bias));
        }
    }

    /// <inheritdoc />
    public void Activate(ActivationKind kind, DeviceTensor x, DeviceTensor y)
    {
        OpsValidation.SameShape(device, x, nameof(x), y, nameof(y));
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
    public void ActivationBackward(ActivationKind kind, DeviceTensor y, DeviceTensor dy, DeviceTensor dx)
    {
        OpsValidation.SameShape(device, y, nameof(y), dy, nameof(dy));
        OpsValidation.SameShape(device, y, nameof(y), dx, nameof(dx));
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

    /// <inheritdoc />
    public void ColumnSums(DeviceTensor x, DeviceTensor sums, float beta = 0f)
    {
        OpsValidation.ColumnSums(device, x, sums);
        int columns = sums.Length;
        if (columns == 0)
        {
            return;
        }

        int rows = x.Length / columns;
        float* partials = Scratch(ref reductionScratch, HostReductions.ColumnSumScratch(rows, columns));
        HostReductions.ColumnSums(Ptr(x), rows, columns, Ptr(sums), beta, partials);
    }

    /// <inheritdoc />
    public void GlobalL2Norm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm)
    {
        OpsValidation.TensorList(device, tensors, norm);
        int count = tensors.Count;
        if (tensorAddresses.Length < count)
        {
            tensorAddresses = new nint[count];
            tensorLengths = new int[count];
        }

        for (int t = 0; t < count; t++)
        {
            tensorAddresses[t] = (nint)Ptr(tensors[t]);
            tensorLengths[t] = tensors[t].Length;
        }

        float* partials = Scratch(ref reductionScratch, HostReductions.NormScratch(count));
        fixed (nint* addresses = tensorAddresses)
        fixed (int* lengths = tensorLengths)
        {
            *Ptr(norm) = HostReductions.GlobalL2Norm(addresses, lengths, count, partials);
        }
    }

    /// <inheritdoc />
    public void ClipByGlobalNorm(IReadOnlyList<DeviceTensor> tensors, DeviceTensor norm, float maxNorm)
    {
        OpsValidation.TensorList(device, tensors, norm);
        if (!(maxNorm > 0f) || float.IsInfinity(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"maxNorm must be finite and > 0, not {maxNorm}.");
        }

        // As the kernel: no change unless the norm exceeds the limit (a NaN norm fails the test and spreads NaN).
        float total = *Ptr(norm);
        if (total <= maxNorm)
        {
            return;
        }

        float factor = maxNorm / total;
        for (int t = 0; t < tensors.Count; t++)
        {
            HostElementwise.Run(HostElementwiseOp.Scale, tensors[t].Length, null, Ptr(tensors[t]), null, factor);
        }
    }

    /// <inheritdoc />
    public void Adam(
        DeviceTensor parameters, DeviceTensor gradients, DeviceTensor firstMoment, DeviceTensor secondMoment,
        AdamHyperparameters hyperparameters, int step)
    {
        OpsValidation.Adam(device, parameters, gradients, firstMoment, secondMoment, hyperparameters, step);
        var h = hyperparameters;
        var settings = new AdamSettings(
            h.LearningRate, h.Beta1, h.Beta2, h.Epsilon, h.WeightDecay, h.Decoupled,
            (float)(1.0 - Math.Pow(h.Beta1, step)), (float)(1.0 - Math.Pow(h.Beta2, step)));
        HostAdam.Update(
            Ptr(parameters), Ptr(gradients), Ptr(firstMoment), Ptr(secondMoment), parameters.Length, settings);
    }

    /// <inheritdoc />
    public void Synchronize()
    {
    }

    /// <summary>
    /// The address of <paramref name="tensor"/>'s first element (its offset in the owner's buffer applied); null for
    /// zero elements. Valid while the tensor's owner is alive: buffers of a CPU accelerator never move.
    /// </summary>
    internal static float* Ptr(DeviceTensor tensor)
    {
        var buffer = tensor.Buffer;
        return tensor.Length == 0 || buffer is null ? null : (float*)buffer.NativePtr + tensor.Offset;
    }

    /// <summary>
    /// The address of <paramref name="tensor"/>'s first element, or null when the tensor is null or empty.
    /// </summary>
    internal static float* PtrOrNull(DeviceTensor? tensor) => tensor is null ? null : Ptr(tensor);

    /// <summary>
    /// Makes <paramref name="scratch"/> a pinned host array of at least <paramref name="length"/> floats (grown by
    /// reallocation only when too small, so steady-state calls allocate nothing) and returns its address. Each op
    /// group keeps its own scratch fields, so ops never share a scratch array.
    /// </summary>
    internal static float* Scratch(ref float[]? scratch, int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            scratch = GC.AllocateUninitializedArray<float>(Math.Max(length, 1024), pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
    }
}
