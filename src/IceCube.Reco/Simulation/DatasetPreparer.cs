using IceCube.Reco.Data;

namespace IceCube.Reco.Simulation;

/// <summary>
/// Makes sure a folder holds a usable dataset, simulating one when there is none: a missing or empty folder is
/// simulated into, a complete Kaggle layout is used as it is, a test-only layout is used when only prediction is
/// asked for, and anything else is refused with the list of what is missing (it is never simulated over, since it
/// may hold a user's files). The simulation writes into a hidden sibling folder that is renamed into place only
/// when complete, so an interrupted run leaves the folder as it found it and the next run simulates again.
/// </summary>
/// <example>
/// <code>
/// var data = DatasetPreparer.Prepare("data/simulated", new SimulationOptions { TrainEvents = 20_000, TestEvents = 2_000 });
/// </code>
/// </example>
public static class DatasetPreparer
{
    /// <summary>Simulates into the folder when it is missing or empty, checks it, and opens it.</summary>
    /// <param name="folder">The dataset folder, absolute or relative to the working directory.</param>
    /// <param name="simulation">What to simulate when the folder is missing or empty; unused otherwise.</param>
    /// <param name="forTraining">True (the default) when the dataset will train a model, so the train half must be
    /// there; false when it will only be predicted, so a test-only layout is enough.</param>
    /// <param name="progress">Receives the simulation's progress after each block of events, or null.</param>
    /// <param name="cancellationToken">Stops a simulation between blocks of events; the folder is left as found.</param>
    /// <returns>The opened dataset: a complete layout, or a test-only one when <paramref name="forTraining"/> is false.</returns>
    /// <exception cref="InvalidDataException">The folder is a file, holds an incomplete layout (the message lists what
    /// is missing), or holds only the test half while <paramref name="forTraining"/> is true.</exception>
    /// <exception cref="ArgumentException">A simulation option makes no sense; the message names it.</exception>
    /// <exception cref="OperationCanceledException">The simulation was cancelled.</exception>
    public static KaggleDataset Prepare(
        string folder,
        SimulationOptions simulation,
        bool forTraining = true,
        IProgress<SimulationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var report = DatasetFolder.Inspect(folder);
        switch (report.State)
        {
            case DatasetFolderState.Missing or DatasetFolderState.Empty:
                Simulate(report, simulation, progress, cancellationToken);
                break;
            case DatasetFolderState.TestOnly when forTraining:
                throw new InvalidDataException(
                    $"{report.FullPath} holds only the test files, enough to predict with a trained model; training " +
                    "also needs train_meta.parquet and train/batch_<n>.parquet.");
            case DatasetFolderState.Partial:
                throw new InvalidDataException(
                    $"{report.FullPath} is an incomplete Kaggle layout, missing {string.Join(", ", report.Missing)}; " +
                    "complete it, or use a new or empty folder to simulate a dataset there.");
        }

        return KaggleDataset.Open(report.FullPath);
    }

    private static void Simulate(
        DatasetFolderReport report,
        SimulationOptions simulation,
        IProgress<SimulationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(report.FullPath) ?? throw new InvalidDataException(
            $"{report.FullPath} has no parent folder to simulate a dataset beside.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(report.FullPath)}.simulating-{Guid.NewGuid():N}");
        try
        {
            EventSimulator.WriteDataset(staging, simulation, progress, cancellationToken);

            // Directory.Move needs the destination absent; an empty folder is removed first (it held nothing).
            if (report.State == DatasetFolderState.Empty)
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
