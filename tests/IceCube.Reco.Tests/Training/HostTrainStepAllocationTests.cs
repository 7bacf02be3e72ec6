using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Tests.Data;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

/// <summary>
/// A warm training step (forward, loss, backward, clipping, Adam) of a Conv1D -> BiLstm -> pool -> Dense model on
/// the host-SIMD device allocates nothing on the host, for full batches and for the short last batch alike. Run on
/// one thread so that GC.GetAllocatedBytesForCurrentThread sees all of the step's work. The ILGPU device is left
/// out: its launcher allocates a small record per kernel launch.
/// </summary>
[TestFixture]
internal sealed class HostTrainStepAllocationTests
{
    [Test]
    public void WarmTrainStepAllocatesNothing()
    {
        using var folder = new TempFolder();
        TinyDataset.Write(folder.Path, trainEvents: 12, testEvents: 0, seed: 3);
        var data = KaggleDataset.Open(folder.Path);
        var device = TestDevices.Get(DeviceKind.HostSimd);
        int savedThreads = HostParallel.ThreadCount;
        try
        {
            HostParallel.ThreadCount = 1;
            using var model = TinyModels.Create(device, Loss.Angular);
            var options = new DatasetOptions { ValidationFraction = 0 };
            model.Fit(data, new FitOptions { Epochs = 1, BatchSize = 8, Data = options });
            using var norm = device.Pool.Rent(1);

            // A full batch of 8 and the short last batch of 4: layers rebuild their views when the size changes, so
            // each size gets one warm step before its steps are measured.
            var batches = data.Train(8, model.Featurization, options).ToList();
            Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 8, 4 }));
            foreach (var batch in batches)
            {
                model.Trainer.TrainStep(batch, 1e-3, 1.0, norm);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 3; i++)
                {
                    model.Trainer.TrainStep(batch, 1e-3, 1.0, norm);
                }

                long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.That(bytes, Is.Zero, $"host bytes allocated over 3 warm steps of {batch.Count} events");
            }
        }
        finally
        {
            HostParallel.ThreadCount = savedThreads;
        }
    }
}
