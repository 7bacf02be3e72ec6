using System.Globalization;
using IceCube.Reco.Simulation;

namespace TrainPredictSubmit;

/// <summary>
/// Applies the --data rules: a missing or empty folder is simulated into, a complete layout is used as it is, a
/// test-only layout is used with --model, and anything else is refused with the list of what is missing. A
/// simulation writes into a sibling folder that is renamed into place only when complete, so an interrupted run
/// leaves the folder as it found it and the next run simulates again.
/// </summary>
internal static class DatasetPreparer
{
    /// <summary>Makes sure the data folder is usable and returns what it holds.</summary>
    /// <param name="options">The command line (folder, seed, --model).</param>
    /// <param name="trainEvents">Training events to simulate.</param>
    /// <param name="testEvents">Test events to simulate.</param>
    /// <param name="ui">Where progress goes.</param>
    /// <param name="cancellationToken">Stops a simulation between blocks of events.</param>
    /// <returns>The folder's report, Complete or TestOnly.</returns>
    /// <exception cref="BadDataException">The folder is partial, or test-only without --model.</exception>
    public static DataFolderReport Prepare(
        SampleOptions options, int trainEvents, int testEvents, ConsoleUi ui, CancellationToken cancellationToken)
    {
        var report = DataFolder.Inspect(options.DataDirectory);
        switch (report.State)
        {
            case DataFolderState.Complete:
                return report;
            case DataFolderState.TestOnly when options.ModelPath is not null:
                return report;
            case DataFolderState.TestOnly:
                throw new BadDataException(
                    $"--data {report.FullPath} holds only the test files; give --model PATH to predict with a trained " +
                    "checkpoint, or add train_meta.parquet and train/batch_<n>.parquet to train.");
            case DataFolderState.Partial:
                throw new BadDataException(
                    $"--data {report.FullPath} is an incomplete Kaggle layout, missing {string.Join(", ", report.Missing)}; " +
                    "complete it, or point --data at a new or empty folder to simulate a dataset there.");
            default:
                Simulate(report, options.Seed, trainEvents, testEvents, ui, cancellationToken);
                return DataFolder.Inspect(report.FullPath);
        }
    }

    private static void Simulate(
        DataFolderReport report, int seed, int trainEvents, int testEvents, ConsoleUi ui, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(report.FullPath) ?? throw new BadDataException(
            $"--data {report.FullPath} has no parent folder to simulate beside.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(report.FullPath)}.simulating-{Guid.NewGuid():N}");
        var simulation = new SimulationOptions
        {
            Seed = (ulong)seed,
            TrainEvents = trainEvents,
            TestEvents = testEvents,
        };
        ui.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"Simulating {trainEvents:N0} training and {testEvents:N0} test events into {report.FullPath} (seed {seed})"));
        try
        {
            ui.Phase("simulation", trainEvents + (double)testEvents, progress =>
            {
                EventSimulator.WriteDataset(
                    staging,
                    simulation,
                    new SyncProgress<SimulationProgress>(p => progress.Report(
                        p.EventsDone, string.Create(CultureInfo.InvariantCulture, $"{p.EventsDone:N0} events"))),
                    cancellationToken);
                return 0;
            });

            // Directory.Move needs the destination absent; an empty folder is removed first (it held nothing).
            if (report.State == DataFolderState.Empty)
            {
                Directory.Delete(report.FullPath);
            }

            Directory.Move(staging, report.FullPath);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
