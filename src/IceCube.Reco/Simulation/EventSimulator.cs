namespace IceCube.Reco.Simulation;

/// <summary>
/// Simulates IceCube events (muon tracks and cascades with Cherenkov light, scattering delays, depth-dependent
/// absorption, dark noise and local coincidence) and writes them in the Kaggle "IceCube - Neutrinos in Deep Ice"
/// layout, or returns them in memory. Every event draws from its own counter-based random stream, addressed by
/// the seed and the event's index, so the output is identical whatever the thread count.
/// </summary>
/// <example>
/// <code>
/// var options = new SimulationOptions { Seed = 7, TrainEvents = 50_000, TestEvents = 5_000 };
/// EventSimulator.WriteDataset("data/sim", options);
/// var events = EventSimulator.Simulate(options, firstEventIndex: 0, eventCount: 1_000);
/// </code>
/// </example>
public static class EventSimulator
{
    // Events per row group of the written files; fixed, so the bytes do not depend on the thread count.
    internal const int RowGroupEvents = 4096;

    /// <summary>
    /// Simulates events with indices firstEventIndex .. firstEventIndex + eventCount - 1 into memory. Indices are
    /// the ones <see cref="WriteDataset"/> uses (train events 0 .. TrainEvents - 1, then the test events), so
    /// <c>Simulate(options, options.TrainEvents, options.TestEvents)</c> returns exactly the written test set.
    /// The counts <see cref="SimulationOptions.TrainEvents"/> and <see cref="SimulationOptions.TestEvents"/> are
    /// checked but otherwise unused.
    /// </summary>
    /// <param name="options">Physics, seed, geometry and thread count.</param>
    /// <param name="firstEventIndex">Index of the first event, zero or more.</param>
    /// <param name="eventCount">Number of events, at least 1.</param>
    /// <param name="cancellationToken">Stops the simulation between blocks of events.</param>
    /// <returns>The events with their pulses and truth.</returns>
    /// <exception cref="ArgumentException">An option or argument makes no sense; the message names it.</exception>
    public static SimulatedBatch Simulate(
        SimulationOptions options, long firstEventIndex, int eventCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (eventCount <= 0)
        {
            throw new ArgumentException($"{nameof(eventCount)} must be at least 1, got {eventCount}.", nameof(eventCount));
        }

        // Event ids are about 4 x the index, so the index must leave room for that in an INT64.
        var lastFirst = long.MaxValue / 8 - eventCount;
        if (firstEventIndex < 0 || firstEventIndex > lastFirst)
        {
            throw new ArgumentException(
                $"{nameof(firstEventIndex)} must lie in [0, {lastFirst}], got {firstEventIndex}.", nameof(firstEventIndex));
        }

        // Small blocks keep every thread busy on small requests; block boundaries do not change the events.
        var blockEvents = (int)Math.Clamp((long)eventCount / (4L * options.Threads), 1, RowGroupEvents);
        var runner = new BlockRunner(options, options.Geometry ?? DetectorGeometry.IceCube86(), blockEvents);
        var blocks = new List<PulseBlock>();
        runner.Run(firstEventIndex, eventCount, reuseBlocks: false, blocks.Add, cancellationToken);
        return new SimulatedBatch(blocks);
    }

    /// <summary>
    /// Writes a complete dataset under <paramref name="root"/>: sensor_geometry.csv, train_meta.parquet,
    /// train/batch_1..n.parquet, test_meta.parquet (no angles), test/batch_(n+1)...parquet (batch ids continue
    /// after the train batches), sample_submission.parquet (both angles 1.0) and test_truth.parquet (event_id,
    /// azimuth, zenith, topology INT32, energy DOUBLE in GeV). Files use the real competition's physical schema;
    /// each is written under a temporary name and moved into place, so a failed or cancelled run leaves no
    /// partial file under a final name. Event ids increase across all batches, train then test.
    /// </summary>
    /// <param name="root">Destination folder; created when missing. Existing files of the layout are replaced.</param>
    /// <param name="options">What to simulate.</param>
    /// <param name="progress">Receives progress after each block of events, or null.</param>
    /// <param name="cancellationToken">Stops the run between blocks; the files being written are discarded.</param>
    /// <exception cref="ArgumentException">An option makes no sense, or <paramref name="root"/> is a file; the
    /// message names it.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static void WriteDataset(
        string root,
        SimulationOptions options,
        IProgress<SimulationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("The output folder must be given.", nameof(root));
        }

        if (File.Exists(root))
        {
            throw new ArgumentException($"The output folder '{root}' is an existing file.", nameof(root));
        }

        options.Validate();
        LayoutWriter.Write(root, options, progress, cancellationToken);
    }
}
