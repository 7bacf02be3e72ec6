using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Compute;
using IceCube.Reco.Kernels;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The host-SIMD Conv1D beyond the shared device tests (<see cref="Conv1DTests"/>): on shapes with vector tails in
/// every width (37 output channels = 16 + 16 + 4 + 1) and rows spread over several fixed chunks, every SIMD width and
/// thread count gives the same bits, and those bits match the double reference.
/// </summary>
[TestFixture]
internal sealed class HostConv1DTests
{
    [TestCase(ReferenceActivation.Tanh)]
    [TestCase(ReferenceActivation.Relu)]
    [TestCase(ReferenceActivation.Linear)]
    public void EveryWidthAndThreadCountGivesTheReferenceBitForBit(ReferenceActivation activation)
    {
        var device = TestDevices.Get(DeviceKind.HostSimd);
        const int batch = 3, steps = 230, cin = 5, cout = 37, k = 3;
        int[] lengths = [230, 101, 0];
        var random = new ReferenceRandom(41);
        double[] x = LayerHarness.RoundToFloat(random.Uniform(batch * steps * cin));
        double[] w = LayerHarness.RoundToFloat(random.Uniform(k * cin * cout, -0.7, 0.7));
        double[] bias = LayerHarness.RoundToFloat(random.Uniform(cout, -0.3, 0.3));
        double[] dy = LayerHarness.RoundToFloat(random.Uniform(batch * steps * cout));

        using var xs = LayerHarness.Upload(device, x, batch, steps, cin);
        using var ws = LayerHarness.Upload(device, w, k, cin, cout);
        using var biases = LayerHarness.Upload(device, bias, cout);
        using var dys = LayerHarness.Upload(device, dy, batch, steps, cout);
        using var y = device.Pool.Rent(batch, steps, cout);
        using var dz = device.Pool.Rent(batch, steps, cout);
        using var dx = device.Pool.Rent(batch, steps, cin);
        using var dw = device.Pool.Rent(k, cin, cout);
        using var dbias = device.Pool.Rent(cout);
        using var columns = device.Pool.Rent(batch, steps, k * cin);
        using var dColumns = device.Pool.Rent(batch, steps, k * cin);
        var context = LayerHarness.Context(device, lengths);
        using var lengthTensor = context.Lengths;
        var kind = Kind(activation);

        float[][] results = HostVariants.AssertAllAgree(() =>
        {
            foreach (var buffer in new[] { y, dz, dx, dw, dbias, columns, dColumns })
            {
                buffer.Upload(Enumerable.Repeat(float.NaN, buffer.Length).ToArray());
            }

            device.Ops.Conv1D.Forward(xs, lengthTensor, ws, biases, columns, y, kind);
            device.Ops.Conv1D.Backward(lengthTensor, ws, columns, y, dys, kind, dz, dColumns, dw, dbias, dx);
            return [y.ToArray(), dx.ToArray(), dw.ToArray(), dbias.ToArray()];
        });

        double[] expectedY = Conv1DReference.Forward(x, lengths, batch, steps, cin, w, bias, k, cout, activation);
        var (expectedDx, expectedDw, expectedDbias) =
            Conv1DReference.Backward(x, lengths, batch, steps, cin, w, bias, k, cout, activation, dy);
        Assert.Multiple(() =>
        {
            GradientCheck.AssertClose("y", results[0], expectedY, 1e-5);
            GradientCheck.AssertClose("dx", results[1], expectedDx, 1e-5);
            GradientCheck.AssertClose("dw", results[2], expectedDw, 1e-5);
            GradientCheck.AssertClose("dbias", results[3], expectedDbias, 1e-5);
        });
    }

    [Test]
    public void AgreesWithTheIlgpuKernelsOnTheWideShape()
    {
        // The wide preset's layer (Cin 6, 64 filters, K 3, ReLU) on a few full and partial events, host against the
        // ILGPU CPU accelerator: two implementations of one specification, so neither is checked against itself.
        const int batch = 4, steps = 40, cin = 6, cout = 64, k = 3;
        int[] lengths = [40, 17, 1, 39];
        var random = new ReferenceRandom(42);
        double[] x = LayerHarness.RoundToFloat(random.Uniform(batch * steps * cin));
        double[] w = LayerHarness.RoundToFloat(random.Uniform(k * cin * cout, -0.5, 0.5));
        double[] bias = LayerHarness.RoundToFloat(random.Uniform(cout, -0.3, 0.3));
        double[] dy = LayerHarness.RoundToFloat(random.Uniform(batch * steps * cout));

        float[][] Run(Device device)
        {
            using var xs = LayerHarness.Upload(device, x, batch, steps, cin);
            using var ws = LayerHarness.Upload(device, w, k, cin, cout);
            using var biases = LayerHarness.Upload(device, bias, cout);
            using var dys = LayerHarness.Upload(device, dy, batch, steps, cout);
            using var y = device.Pool.Rent(batch, steps, cout);
            using var dz = device.Pool.Rent(batch, steps, cout);
            using var dw = device.Pool.Rent(k, cin, cout);
            using var dbias = device.Pool.Rent(cout);
            using var columns = device.Pool.Rent(batch, steps, k * cin);
            using var dColumns = device.Pool.Rent(batch, steps, k * cin);
            var context = LayerHarness.Context(device, lengths);
            using var lengthTensor = context.Lengths;
            device.Ops.Conv1D.Forward(xs, lengthTensor, ws, biases, columns, y, ActivationKind.Relu);
            device.Ops.Conv1D.Backward(lengthTensor, ws, columns, y, dys, ActivationKind.Relu, dz, dColumns, dw, dbias, null);
            return [y.ToArray(), columns.ToArray(), dz.ToArray(), dw.ToArray(), dbias.ToArray()];
        }

        float[][] host = Run(TestDevices.Get(DeviceKind.HostSimd));
        float[][] ilgpu = Run(TestDevices.Get(DeviceKind.IlgpuCpu));
        string[] names = ["y", "columns", "dz", "dw", "dbias"];
        Assert.Multiple(() =>
        {
            for (int i = 0; i < names.Length; i++)
            {
                GradientCheck.AssertClose(names[i], host[i], LayerHarness.Widen(ilgpu[i]), 1e-6);
            }

            Assert.That(host[1], Is.EqualTo(ilgpu[1]), "the im2col window is a copy: identical");
        });
    }

    private static ActivationKind Kind(ReferenceActivation activation) => activation switch
    {
        ReferenceActivation.Relu => ActivationKind.Relu,
        ReferenceActivation.Tanh => ActivationKind.Tanh,
        ReferenceActivation.Sigmoid => ActivationKind.Sigmoid,
        _ => ActivationKind.Identity,
    };
}
