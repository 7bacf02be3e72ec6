namespace TrainPredictSubmit;

/// <summary>
/// Inspects a --data folder for the Kaggle layout. Only file names are checked here; the library's readers check
/// the contents (columns, types, batch files named by the meta) and name the file and row of any problem.
/// </summary>
internal static class DataFolder
{
    /// <summary>sensor_id,x,y,z in metres.</summary>
    public const string GeometryFile = "sensor_geometry.csv";

    /// <summary>Train events with their true angles.</summary>
    public const string TrainMetaFile = "train_meta.parquet";

    /// <summary>Test events, without angles.</summary>
    public const string TestMetaFile = "test_meta.parquet";

    /// <summary>One row per test event with both angles 1.0: the competition's constant baseline.</summary>
    public const string SampleSubmissionFile = "sample_submission.parquet";

    /// <summary>True angles of the test events; only simulated datasets have it.</summary>
    public const string TestTruthFile = "test_truth.parquet";

    private const string BatchPattern = "batch_*.parquet";

    /// <summary>Looks at the folder's entries and classifies it.</summary>
    /// <param name="path">The folder, absolute or relative to the working directory.</param>
    /// <returns>The state and the missing entries.</returns>
    /// <exception cref="BadDataException">The path is an existing file.</exception>
    public static DataFolderReport Inspect(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new BadDataException($"--data {full} is a file; it must be a folder in the Kaggle layout.");
        }

        if (!Directory.Exists(full))
        {
            return new DataFolderReport(full, DataFolderState.Missing, [], HasTruth: false);
        }

        if (!Directory.EnumerateFileSystemEntries(full).Any())
        {
            return new DataFolderReport(full, DataFolderState.Empty, [], HasTruth: false);
        }

        var missingShared = MissingFiles(full, GeometryFile, SampleSubmissionFile).ToList();
        var missingTest = MissingFiles(full, TestMetaFile).Concat(MissingBatches(full, "test")).ToList();
        var missingTrain = MissingFiles(full, TrainMetaFile).Concat(MissingBatches(full, "train")).ToList();
        var hasTruth = File.Exists(Path.Combine(full, TestTruthFile));
        var missing = missingShared.Concat(missingTrain).Concat(missingTest).ToList();
        if (missing.Count == 0)
        {
            return new DataFolderReport(full, DataFolderState.Complete, [], hasTruth);
        }

        // A test-only layout has no trace of the train half: a lone train_meta.parquet or train/ folder means a
        // copy or a simulation was interrupted, and that is reported as partial.
        var trainAbsent = missingTrain.Count == 2 && !Directory.Exists(Path.Combine(full, "train"));
        var state = trainAbsent && missingShared.Count == 0 && missingTest.Count == 0
            ? DataFolderState.TestOnly
            : DataFolderState.Partial;
        return new DataFolderReport(full, state, missing, hasTruth);
    }

    private static IEnumerable<string> MissingFiles(string root, params string[] names) =>
        names.Where(name => !File.Exists(Path.Combine(root, name)));

    private static IEnumerable<string> MissingBatches(string root, string split)
    {
        var folder = Path.Combine(root, split);
        if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, BatchPattern).Any())
        {
            yield return $"{split}/batch_<n>.parquet";
        }
    }
}
