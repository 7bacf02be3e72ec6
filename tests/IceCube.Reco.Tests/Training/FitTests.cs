using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Tests.Data;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

[TestFixture]
internal sealed class FitTests() : TinyDatasetFixture(trainEvents: 96, testEvents: 21, seed: 4)
{
    [TestCase("angular")]
    [TestCase("mse")]
    [TestCase("von-mises-fisher")]
    public void Fit_LowersTheTrainingLoss(string lossName)
    {
        var loss = Loss.Parse(lossName);
        using var model = TinyModels.Create(Cpu, loss);
        var options = new FitOptions { Epochs = 6, BatchSize = 16, Data = new DatasetOptions { ValidationFraction = 0.25, Seed = 2 } };
        var history = model.Fit(Dataset, options);
        Assert.That(history.Epochs, Has.Count.EqualTo(6));
        Assert.That(history.Epochs[^1].TrainLoss, Is.LessThan(history.Epochs[0].TrainLoss));
        Assert.That(history.Epochs.All(e => e.ValidationAngularError is > 0 and < Math.PI), Is.True);
        Assert.That(model.Step, Is.EqualTo(history.Epochs.Sum(e => e.Steps)));
        Assert.That(model.EpochsCompleted, Is.EqualTo(6));
    }

    [Test]
    public void Fit_ValidationErrorIsTheMetricOfThePredictions()
    {
        using var model = TinyModels.Create(Cpu, Loss.Angular);
        var split = new DatasetOptions { ValidationFraction = 0.25, Seed = 2 };
        var history = model.Fit(Dataset, new FitOptions { Epochs = 1, BatchSize = 16, Data = split, RestoreBestWeights = false });

        // The metric recomputed in double precision from the predictions and the truth in the meta file.
        var validation = Dataset.Validation(8, model.Featurization, split);
        var truth = new Dictionary<long, (double Az, double Zen)>();
        foreach (var batch in validation)
        {
            for (int row = 0; row < batch.Count; row++)
            {
                truth[batch.EventIds[row]] = (batch.Angles[2 * row], batch.Angles[(2 * row) + 1]);
            }
        }

        var predictions = model.Predict(validation).ToList();
        double expected = predictions.Average(p => AngularError.Angle(truth[p.EventId].Az, truth[p.EventId].Zen, p.Azimuth, p.Zenith));
        Assert.That(history.Epochs[0].ValidationAngularError, Is.EqualTo(expected).Within(1e-9));
        Assert.That(model.Evaluate(Dataset, 8, split), Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void Predict_FollowsTestMetaOrder_WithFiniteAnglesInRange()
    {
        foreach (var loss in new[] { Loss.Mse, Loss.VonMisesFisher })
        {
            using var model = TinyModels.Create(Cpu, loss);
            model.Fit(Dataset, new FitOptions { Epochs = 1, BatchSize = 32, Data = new DatasetOptions { ValidationFraction = 0 } });
            var predictions = model.Predict(Dataset, batchSize: 8).ToList();
            Assert.That(predictions.Select(p => p.EventId), Is.EqualTo(Enumerable.Range(0, 21).Select(i => 900000L + (7 * i))));
            foreach (var p in predictions)
            {
                Assert.That(p.Azimuth, Is.GreaterThanOrEqualTo(0).And.LessThan(2 * Math.PI));
                Assert.That(p.Zenith, Is.InRange(0, Math.PI));
                Assert.That(p.Kappa.HasValue, Is.EqualTo(loss == Loss.VonMisesFisher));
                Assert.That(p.AngularUncertainty ?? 1.0, Is.Positive.And.Not.NaN);
            }
        }
    }

    [Test]
    public void Predict_InMemoryEvents_MatchesTheDatasetPath()
    {
        using var model = TinyModels.Create(Cpu, Loss.VonMisesFisher);
        var fromFiles = model.Predict(Dataset, batchSize: 8).ToList();
        var test = ReadTestEvents();
        var one = model.Predict(TinyDataset.ToPulseEvent(test[3]), Dataset.Geometry);
        var many = model.Predict(test.Select(TinyDataset.ToPulseEvent).ToList(), Dataset.Geometry);
        Assert.That(many.Select(p => p.EventId), Is.EqualTo(fromFiles.Select(p => p.EventId)));
        for (int i = 0; i < many.Count; i++)
        {
            Assert.That(many[i].Azimuth, Is.EqualTo(fromFiles[i].Azimuth).Within(1e-5));
            Assert.That(many[i].Zenith, Is.EqualTo(fromFiles[i].Zenith).Within(1e-5));
            Assert.That(many[i].Kappa!.Value, Is.EqualTo(fromFiles[i].Kappa!.Value).Within(1e-5));
        }

        Assert.That(one.Zenith, Is.EqualTo(fromFiles[3].Zenith).Within(1e-5));
        var bad = new PulseEvent(1, [60], [100], [1f], [false]);
        Assert.That(() => model.Predict(bad, Dataset.Geometry), Throws.ArgumentException.With.Message.Contain("sensor_id 60"));
    }

    [Test]
    public void Predict_RefusesAGeneratorWithAnotherFeaturisation()
    {
        using var model = TinyModels.Create(Cpu, Loss.Angular);
        var other = Dataset.Test(8, FeaturizationOptions.Default);
        Assert.That(() => model.Predict(other), Throws.ArgumentException.With.Message.Contain("featurisation"));
    }

    [Test]
    public void Cancellation_Throws_AndLeavesTheModelUsable()
    {
        using var model = TinyModels.Create(Cpu, Loss.Angular);
        using var cancel = new CancellationTokenSource();
        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress(p =>
        {
            reports.Add(p);
            if (p.Step == 2)
            {
                cancel.Cancel();
            }
        });
        var options = new FitOptions { Epochs = 3, BatchSize = 8, Data = new DatasetOptions { ValidationFraction = 0 } };
        Assert.Throws<OperationCanceledException>(() => model.Fit(Dataset, options, progress, cancel.Token));
        Assert.That(model.Step, Is.EqualTo(2), "two whole steps ran, none after the cancellation");
        Assert.That(reports.Select(r => r.Step), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(reports[1].StepsPerEpoch, Is.EqualTo(12), "96 events in batches of 8");
        Assert.That(reports[1].Loss, Is.Positive);
        Assert.That(model.Predict(Dataset, 8).Count(), Is.EqualTo(21));
        var history = model.Fit(Dataset, options with { Epochs = 1 });
        Assert.That(model.Step, Is.EqualTo(2 + history.Epochs[0].Steps));
    }

    [Test]
    public void EarlyStopping_StopsAfterPatience_AndRestoresTheBestWeights()
    {
        // A learning rate this large makes the validation error wander, so some epoch is not the best.
        using var model = TinyModels.Create(Cpu, Loss.Angular, learningRate: 0.5);
        var split = new DatasetOptions { ValidationFraction = 0.25, Seed = 2 };
        var history = model.Fit(Dataset, new FitOptions { Epochs = 8, BatchSize = 16, Data = split, EarlyStoppingPatience = 1 });
        var errors = history.Epochs.Select(e => e.ValidationAngularError!.Value).ToList();
        int best = errors.IndexOf(errors.Min()) + 1;
        Assert.That(history.BestEpoch, Is.EqualTo(best));
        if (history.StoppedEarly)
        {
            Assert.That(history.Epochs, Has.Count.EqualTo(best + 1), "patience 1: one epoch without improvement");
        }

        Assert.That(history.RestoredBestWeights, Is.EqualTo(best != history.Epochs.Count));
        Assert.That(model.Evaluate(Dataset, 16, split), Is.EqualTo(errors.Min()).Within(1e-9), "the kept weights score the best error");
    }

    [Test]
    public void ClipByGlobalNorm_ScalesTheGradientToTheLimit()
    {
        using var free = TinyModels.Create(Cpu, Loss.Angular);
        using var clipped = TinyModels.Create(Cpu, Loss.Angular);
        var options = new FitOptions { Epochs = 1, BatchSize = 96, Data = new DatasetOptions { ValidationFraction = 0 } };
        free.Fit(Dataset, options);
        double[] g = [.. free.Trainer.Network.Gradients.SelectMany(t => t.ToArray()).Select(v => (double)v)];
        double norm = Math.Sqrt(g.Sum(v => v * v));
        clipped.Fit(Dataset, options with { ClipGradientNorm = norm / 4 });
        double[] h = [.. clipped.Trainer.Network.Gradients.SelectMany(t => t.ToArray()).Select(v => (double)v)];
        Assert.That(Math.Sqrt(h.Sum(v => v * v)), Is.EqualTo(norm / 4).Within(1e-4 * norm));
        for (int i = 0; i < g.Length; i++)
        {
            Assert.That(h[i], Is.EqualTo(g[i] / 4).Within(1e-5 * norm));
        }
    }

    private TestEvent[] ReadTestEvents()
    {
        // The test split as written: same seed, same draws after the train events.
        var random = new Random(4);
        var geometry = TinyDataset.Geometry();
        _ = TinyDataset.Events(random, geometry, 1000, 3, 96, 14);
        return TinyDataset.Events(random, geometry, 900000, 7, 21, 14);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
