using IceCube.Reco.Compute;
using IceCube.Reco.Tests.Layers;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The loss kernels through <see cref="LossEvaluator"/> against the double references (angular, MSE, von
/// Mises-Fisher): mean loss, gradient, per-event losses and kappa, finite differences of the reference, the zero
/// prediction, small and large kappa, an empty batch, determinism and the public <see cref="Loss"/> names.
/// </summary>
[TestFixture]
internal sealed class LossTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        from kind in TestDevices.All
        from name in new[] { "angular", "mse", "von-mises-fisher" }
        from batch in new[] { 1, 9 }
        select new TestCaseData(kind, name, batch).SetArgDisplayNames(TestDevices.Display(kind), name, $"B={batch}");

    [TestCaseSource(nameof(Cases))]
    public void MatchesReferenceAndFiniteDifferences(DeviceKind kind, string name, int batch)
    {
        var device = TestDevices.Get(kind);
        var loss = Loss.Parse(name);
        var (prediction, target) = Inputs(loss, batch, seed: 61);
        using var evaluator = new LossEvaluator(device, loss, batch);
        using var p = LayerHarness.Upload(device, prediction, batch, loss.Outputs);
        using var y = LayerHarness.Upload(device, target, batch, loss.Outputs);
        float[] gradient = evaluator.Evaluate(p, y, withGradient: true)!.ToArray();
        float mean = evaluator.ReadMeanLoss();

        double expectedLoss = ReferenceLoss(loss, prediction, target, batch);
        double[] expectedGradient = ReferenceGradient(loss, prediction, target, batch);
        double[] numerical = GradientCheck.Numerical(() => ReferenceLoss(loss, prediction, target, batch), prediction);
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(expectedLoss).Within(1e-6 * Math.Max(1.0, Math.Abs(expectedLoss))), "mean loss");
            GradientCheck.AssertClose("gradient", gradient, expectedGradient, 1e-5);
            GradientCheck.AssertClose("gradient vs finite differences", gradient, numerical);
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void PerEventLossesAndKappaMatchTheReference(DeviceKind kind, string name, int batch)
    {
        var device = TestDevices.Get(kind);
        var loss = Loss.Parse(name);
        var (prediction, target) = Inputs(loss, batch, seed: 62);
        using var evaluator = new LossEvaluator(device, loss, batch);
        using var p = LayerHarness.Upload(device, prediction, batch, loss.Outputs);
        using var y = LayerHarness.Upload(device, target, batch, loss.Outputs);
        using var perEvent = device.Pool.Rent(batch);
        using var kappa = device.Pool.Rent(batch);
        bool vmf = loss == Loss.VonMisesFisher;
        evaluator.EvaluatePerEvent(p, y, perEvent, vmf ? kappa : null);
        float[] got = perEvent.ToArray();
        float[] gotKappa = kappa.ToArray();
        int n = loss.Outputs;
        for (int b = 0; b < batch; b++)
        {
            double[] row = prediction[(b * n)..((b + 1) * n)];
            double expected = ReferenceLoss(loss, row, target[(b * n)..((b + 1) * n)], 1);
            Assert.That(got[b], Is.EqualTo(expected).Within(1e-6 * Math.Max(1.0, Math.Abs(expected))), $"event {b}");
            if (vmf)
            {
                double norm = Math.Sqrt(row.Sum(v => v * v));
                Assert.That(gotKappa[b], Is.EqualTo(norm).Within(1e-6 * norm), $"kappa of event {b}");
            }
        }

        Assert.That(evaluator.ReadMeanLoss(), Is.EqualTo(got.Average(v => (double)v)).Within(1e-5));
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void AngularLossOfAZeroPredictionStaysFinite(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        using var evaluator = new LossEvaluator(device, Loss.Angular, 2);
        using var p = LayerHarness.Upload(device, [0, 0, 0, 1, 0, 0], 2, 3);
        using var y = LayerHarness.Upload(device, [0, 0.6, 0.8, 1, 0, 0], 2, 3);
        float[] gradient = evaluator.Evaluate(p, y, withGradient: true)!.ToArray();
        float mean = evaluator.ReadMeanLoss();

        // Event 0 has no direction: cos = 0, angle pi/2. Event 1 is exact, so the clamp holds the angle at
        // acos(1 - 1e-7) and passes no gradient.
        double expected = ((Math.PI / 2) + Math.Acos(1 - 1e-7)) / 2;
        Assert.Multiple(() =>
        {
            Assert.That(gradient, Is.All.Matches<float>(float.IsFinite));
            Assert.That(mean, Is.EqualTo(expected).Within(1e-6));
            Assert.That(gradient[3..], Is.All.EqualTo(0f));
        });
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void VonMisesFisherIsStableFromTinyToHugeKappa(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        double[] kappas = [0, 1e-6, 0.0999, 0.1001, 19.9, 20.1, 700, 5000];
        var random = new ReferenceRandom(63);
        var prediction = new List<double>();
        var target = new List<double>();
        foreach (double k in kappas)
        {
            double[] mu = random.UnitVector3();
            prediction.AddRange(mu.Select(v => v * k));
            target.AddRange(random.UnitVector3());
        }

        double[] p = LayerHarness.RoundToFloat([.. prediction]);
        double[] t = LayerHarness.RoundToFloat([.. target]);
        int batch = kappas.Length;
        using var evaluator = new LossEvaluator(device, Loss.VonMisesFisher, batch);
        using var pd = LayerHarness.Upload(device, p, batch, 3);
        using var td = LayerHarness.Upload(device, t, batch, 3);
        using var perEvent = device.Pool.Rent(batch);
        evaluator.EvaluatePerEvent(pd, td, perEvent, null);
        float[] losses = perEvent.ToArray();
        float[] gradient = evaluator.Evaluate(pd, td, withGradient: true)!.ToArray();
        Assert.Multiple(() =>
        {
            for (int b = 0; b < batch; b++)
            {
                double expected = VonMisesFisherLossReference.EventLoss(p[3 * b], p[(3 * b) + 1], p[(3 * b) + 2], t[3 * b], t[(3 * b) + 1], t[(3 * b) + 2]);
                Assert.That(losses[b], Is.EqualTo(expected).Within(1e-6 * Math.Max(1.0, Math.Abs(expected))), $"kappa {kappas[b]}");
            }

            Assert.That(gradient, Is.All.Matches<float>(float.IsFinite));
            GradientCheck.AssertClose("gradient", gradient, VonMisesFisherLossReference.Gradient(p, t, batch), 1e-5);
        });
    }

    [TestCaseSource(typeof(TestDevices), nameof(TestDevices.Kinds))]
    public void AnEmptyBatchHasZeroLossAndRunsAreBitIdentical(DeviceKind kind)
    {
        var device = TestDevices.Get(kind);
        using var evaluator = new LossEvaluator(device, Loss.Angular, 9);
        using (var empty = device.Pool.Rent(0, 3))
        {
            evaluator.Evaluate(empty, empty, withGradient: true);
            Assert.That(evaluator.ReadMeanLoss(), Is.EqualTo(0f));
        }

        var (prediction, target) = Inputs(Loss.Angular, 9, seed: 64);
        using var p = LayerHarness.Upload(device, prediction, 9, 3);
        using var y = LayerHarness.Upload(device, target, 9, 3);
        float[] first = evaluator.Evaluate(p, y, true)!.ToArray();
        float firstLoss = evaluator.ReadMeanLoss();
        float[] second = evaluator.Evaluate(p, y, true)!.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(evaluator.ReadMeanLoss(), Is.EqualTo(firstLoss));
        });
    }

    [Test]
    public void NamesAndBadShapes()
    {
        var device = TestDevices.Get(DeviceKind.IlgpuCpu);
        using var evaluator = new LossEvaluator(device, Loss.Angular, 4);
        using var two = device.Pool.Rent(4, 2);
        using var three = device.Pool.Rent(4, 3);
        using var mean = device.Pool.Rent(1);
        using var perEvent = device.Pool.Rent(4);
        Assert.Multiple(() =>
        {
            Assert.That(Loss.Parse(" Angular "), Is.SameAs(Loss.Angular));
            Assert.That(Loss.Parse("mse").Outputs, Is.EqualTo(2));
            Assert.That(Loss.VonMisesFisher.ToString(), Is.EqualTo("von-mises-fisher"));
            Assert.That(() => Loss.Parse("huber"), Throws.ArgumentException.With.Message.Contains("huber"));
            Assert.That(() => evaluator.Evaluate(two, two, true), Throws.ArgumentException.With.Property("ParamName").EqualTo("prediction"));
            Assert.That(() => evaluator.EvaluatePerEvent(three, three, perEvent, perEvent), Throws.ArgumentException.With.Property("ParamName").EqualTo("kappa"));
            Assert.That(
                () => device.Ops.Loss.Compute(Kernels.LossKind.Angular, two, two, mean, null),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("prediction"));
            Assert.That(
                () => device.Ops.Loss.Compute(Kernels.LossKind.MeanSquaredError, two, three, mean, null),
                Throws.ArgumentException.With.Property("ParamName").EqualTo("target"));
        });
    }

    /// <summary>
    /// Float-representable predictions and targets. Angular: predictions of norm 0.5 .. 2, the cosine kept inside
    /// 0.99 of the clamp. vMF: kappa from 0.01 to 30 across all three evaluation ranges. MSE: angles in radians.
    /// </summary>
    private static (double[] Prediction, double[] Target) Inputs(Loss loss, int batch, int seed)
    {
        var random = new ReferenceRandom(seed);
        int n = loss.Outputs;
        var prediction = new double[batch * n];
        var target = new double[batch * n];
        for (int b = 0; b < batch; b++)
        {
            if (loss == Loss.Mse)
            {
                prediction[2 * b] = random.NextUniform(0, 2 * Math.PI);
                prediction[(2 * b) + 1] = random.NextUniform(0, Math.PI);
                target[2 * b] = random.NextUniform(0, 2 * Math.PI);
                target[(2 * b) + 1] = random.NextUniform(0, Math.PI);
                continue;
            }

            double[] direction;
            double[] truth;
            do
            {
                direction = random.UnitVector3();
                truth = random.UnitVector3();
            }
            while (Math.Abs((direction[0] * truth[0]) + (direction[1] * truth[1]) + (direction[2] * truth[2])) > 0.99);

            double scale = loss == Loss.Angular ? random.NextUniform(0.5, 2.0) : Math.Exp(random.NextUniform(Math.Log(0.01), Math.Log(30)));
            for (int d = 0; d < 3; d++)
            {
                prediction[(3 * b) + d] = direction[d] * scale;
                target[(3 * b) + d] = truth[d];
            }
        }

        return (LayerHarness.RoundToFloat(prediction), LayerHarness.RoundToFloat(target));
    }

    private static double ReferenceLoss(Loss loss, double[] prediction, double[] target, int batch) =>
        loss == Loss.Angular ? AngularLossReference.Loss(prediction, target, batch)
        : loss == Loss.Mse ? MseLossReference.Loss(prediction, target, batch)
        : VonMisesFisherLossReference.Loss(prediction, target, batch);

    private static double[] ReferenceGradient(Loss loss, double[] prediction, double[] target, int batch) =>
        loss == Loss.Angular ? AngularLossReference.Gradient(prediction, target, batch)
        : loss == Loss.Mse ? MseLossReference.Gradient(prediction, target, batch)
        : VonMisesFisherLossReference.Gradient(prediction, target, batch);
}
