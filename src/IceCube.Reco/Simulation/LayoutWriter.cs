using IceCube.Reco.Data;

namespace IceCube.Reco.Simulation;

/// <summary>Writes the simulated Kaggle layout for <see cref="EventSimulator.WriteDataset"/>.</summary>
internal static class LayoutWriter
{
    /// <summary>Writes every file of the layout; options are already validated.</summary>
    public static void Write(
        string root, SimulationOptions options, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        var geometry = options.Geometry ?? DetectorGeometry.IceCube86();
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(KaggleLayout.BatchFolder(root, KaggleSplit.Train));
        Directory.CreateDirectory(KaggleLayout.BatchFolder(root, KaggleSplit.Test));
        geometry.Save(KaggleLayout.GeometryPath(root));

        var runner = new BlockRunner(options, geometry, EventSimulator.RowGroupEvents);
        var trainBatches = BatchCount(options.TrainEvents, options.EventsPerBatch);
        var testBatches = BatchCount(options.TestEvents, options.EventsPerBatch);
        var state = new ProgressTracker(options.TrainEvents + (long)options.TestEvents, trainBatches + testBatches, progress);

        using (var trainMeta = new MetaWriter(KaggleLayout.MetaPath(root, KaggleSplit.Train), withTargets: true))
        {
            WriteSplit(root, KaggleSplit.Train, 0, options.TrainEvents, 1, options, runner, state, cancellationToken, (batchId, block, offset) =>
            {
                var (batch, first, last) = MetaColumns(batchId, block, offset);
                trainMeta.WriteRowGroup(batch, block.EventId.AsSpan(0, block.EventCount), first, last,
                    block.Azimuth.AsSpan(0, block.EventCount), block.Zenith.AsSpan(0, block.EventCount));
            });
            trainMeta.Commit();
        }

        var topologyColumn = new ParquetColumnSpec("topology", ParquetColumnType.Int32);
        var energyColumn = new ParquetColumnSpec("energy", ParquetColumnType.Double);
        using var testMeta = new MetaWriter(KaggleLayout.MetaPath(root, KaggleSplit.Test), withTargets: false);
        using var sample = new EventAnglesWriter(KaggleLayout.SampleSubmissionPath(root));
        using var truth = new EventAnglesWriter(KaggleLayout.TestTruthPath(root), [topologyColumn, energyColumn]);
        var ones = new double[EventSimulator.RowGroupEvents];
        ones.AsSpan().Fill(1.0);
        WriteSplit(root, KaggleSplit.Test, options.TrainEvents, options.TestEvents, trainBatches + 1, options, runner, state, cancellationToken, (batchId, block, offset) =>
        {
            var n = block.EventCount;
            var (batch, first, last) = MetaColumns(batchId, block, offset);
            var ids = block.EventId.AsSpan(0, n);
            testMeta.WriteRowGroup(batch, ids, first, last);
            sample.WriteRowGroup(ids, ones.AsSpan(0, n), ones.AsSpan(0, n));
            truth.WriteRowGroup(ids, block.Azimuth.AsSpan(0, n), block.Zenith.AsSpan(0, n));
            truth.WriteExtraColumn(block.Topology.AsSpan(0, n));
            truth.WriteExtraColumn(block.Energy.AsSpan(0, n));
        });
        testMeta.Commit();
        sample.Commit();
        truth.Commit();
    }

    private static int BatchCount(int events, int perBatch) => (int)((events + (long)perBatch - 1) / perBatch);

    // Writes the batch files of one split; meta rows go to writeMeta with the block's pulse offset in its file.
    private static void WriteSplit(
        string root, KaggleSplit split, long firstEvent, int events, int firstBatchId, SimulationOptions options,
        BlockRunner runner, ProgressTracker state, CancellationToken cancellationToken, Action<long, PulseBlock, long> writeMeta)
    {
        var batches = BatchCount(events, options.EventsPerBatch);
        for (var b = 0; b < batches; b++)
        {
            var batchId = firstBatchId + b;
            var start = firstEvent + (long)b * options.EventsPerBatch;
            var count = Math.Min(options.EventsPerBatch, firstEvent + events - start);
            using var writer = new PulseBatchWriter(KaggleLayout.BatchPath(root, split, batchId));
            long offset = 0;
            runner.Run(start, count, reuseBlocks: true, block =>
            {
                writer.WriteRowGroup(block.SensorId, block.Time, block.Charge, block.Auxiliary, block.PulseEventId);
                writeMeta(batchId, block, offset);
                offset += block.PulseCount;
                state.EventsDone += block.EventCount;
                state.Report();
            }, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            writer.Commit();
            state.BatchFilesDone++;
            state.Report();
        }
    }

    // batch_id of every event and its pulse range as row positions in the batch file.
    private static (long[] Batch, long[] First, long[] Last) MetaColumns(long batchId, PulseBlock block, long offset)
    {
        var n = block.EventCount;
        var batch = new long[n];
        var first = new long[n];
        var last = new long[n];
        for (var i = 0; i < n; i++)
        {
            batch[i] = batchId;
            first[i] = block.FirstPulse[i] + offset;
            last[i] = block.LastPulse[i] + offset;
        }

        return (batch, first, last);
    }
}
