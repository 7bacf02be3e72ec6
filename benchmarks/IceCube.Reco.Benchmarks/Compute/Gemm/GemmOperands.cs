using IceCube.Reco.Compute;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// The operands of one GEMM benchmark, C [M, N] = op(A) op(B) (+ bias [N]), rented on a device from an "MxKxN" shape
/// and filled with fixed pseudo-random values. Shared so that every GEMM benchmark sets up and measures the product
/// alike; each benchmark keeps only what it varies (device, vector width, threads, transposes).
/// </summary>
internal sealed class GemmOperands
{
    private readonly bool transposeA;
    private readonly bool transposeB;

    /// <summary>Rents and fills A ([K, M] if transposed, else [M, K]), B ([N, K] if transposed, else [K, N]), C and
    /// the bias when asked for; the operands belong to the device's pool and go with it.</summary>
    public GemmOperands(Device device, string shape, bool transposeA, bool transposeB, bool withBias)
    {
        Device = device;
        this.transposeA = transposeA;
        this.transposeB = transposeB;
        var dims = shape.Split('x').Select(int.Parse).ToArray();
        int m = dims[0], k = dims[1], n = dims[2];
        var random = new Random(1);
        A = Filled(transposeA ? [k, m] : [m, k]);
        B = Filled(transposeB ? [n, k] : [k, n]);
        C = device.Pool.Rent(m, n);
        Bias = withBias ? Filled([n]) : null;

        DeviceTensor Filled(int[] size)
        {
            var tensor = device.Pool.Rent(size);
            tensor.Upload(Enumerable.Range(0, size.Aggregate(1, (p, d) => p * d))
                .Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
            return tensor;
        }
    }

    public Device Device { get; }
    public DeviceTensor A { get; }
    public DeviceTensor B { get; }
    public DeviceTensor C { get; }
    public DeviceTensor? Bias { get; }

    /// <summary>C = op(A) op(B) (+ bias): the measured operation.</summary>
    public void Multiply() => Device.Ops.Gemm.Multiply(A, transposeA, B, transposeB, C, bias: Bias);

    /// <summary>Frees the device, and with it the operands.</summary>
    public void Dispose() => Device.Dispose();
}
