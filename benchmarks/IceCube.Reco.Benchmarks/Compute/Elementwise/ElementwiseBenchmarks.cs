using BenchmarkDotNet.Attributes;
using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;

namespace IceCube.Reco.Benchmarks.Compute;

/// <summary>
/// Memory-bound kernels over the wide network's gate tensor (256 * 128 * 256 = 8,388,608 floats); GB/s = bytes moved /
/// mean time, with the bytes per element given on each benchmark (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser(false)]
public class ElementwiseBenchmarks
{
    private const int Length = 256 * 128 * 256;
    private Device device = null!;
    private DeviceTensor x = null!;
    private DeviceTensor y = null!;
    private DeviceTensor m = null!;
    private DeviceTensor v = null!;
    private DeviceTensor sums = null!;
    private int step;

    [GlobalSetup]
    public void Setup()
    {
        device = Device.Select(null);
        x = device.Pool.Rent(Length / 256, 256);
        y = device.Pool.Rent(Length / 256, 256);
        m = device.Pool.RentZeroed(Length / 256, 256);
        v = device.Pool.RentZeroed(Length / 256, 256);
        sums = device.Pool.Rent(256);
        var random = new Random(2);
        x.Upload(Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        device.Ops.Elementwise.Fill(y, 0.25f);
        Console.WriteLine($"// device: {device}");
    }

    [GlobalCleanup]
    public void Cleanup() => device.Dispose();

    /// <summary>y += 0.5 x: 12 bytes per element.</summary>
    [Benchmark]
    public void Axpy()
    {
        device.Ops.Elementwise.Axpy(0.5f, x, y);
        device.Ops.Synchronize();
    }

    /// <summary>y = tanh(x): 8 bytes per element.</summary>
    [Benchmark]
    public void ActivateTanh()
    {
        device.Ops.Elementwise.Activate(ActivationKind.Tanh, x, y);
        device.Ops.Synchronize();
    }

    /// <summary>Column sums of [32768, 256] (a bias gradient): 4 bytes per element read.</summary>
    [Benchmark]
    public void ColumnSums()
    {
        device.Ops.Reductions.ColumnSums(x, sums);
        device.Ops.Synchronize();
    }

    /// <summary>One Adam step: reads p, g, m, v and writes p, m, v: 28 bytes per element.</summary>
    [Benchmark]
    public void Adam()
    {
        device.Ops.Adam.Update(y, x, m, v, new AdamSettings(learningRate: 1e-6f), ++step);
        device.Ops.Synchronize();
    }
}
