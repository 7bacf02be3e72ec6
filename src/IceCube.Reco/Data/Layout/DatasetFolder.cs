namespace IceCube.Reco.Data;

/// <summary>
/// Looks at a folder before it is opened as a <see cref="KaggleDataset"/>: whether it is missing or empty (a place
/// to simulate a dataset into), holds the whole Kaggle layout, only its test half, or an incomplete layout. Only
/// names are checked here; the dataset's readers check the contents (columns, types, the batch files the meta
/// names) and name the file and row of any problem.
/// </summary>
/// <example>
/// <code>
/// var report = DatasetFolder.Inspect("data/icecube");
/// if (report.State == DatasetFolderState.Partial)
///     Console.Error.WriteLine($"missing: {string.Join(", ", report.Missing)}");
/// </code>
/// </example>
public static class DatasetFolder
{
    private const string BatchPattern = "batch_*.parquet";

    /// <summary>Looks at the folder's entries and classifies it.</summary>
    /// <param name="path">The folder, absolute or relative to the working directory.</param>
    /// <returns>The folder's absolute path, its state, the missing layout entries and whether the test truth is
    /// there.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The path is an existing file.</exception>
    public static DatasetFolderReport Inspect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new InvalidDataException($"{full} is a file; a dataset is a folder in the Kaggle layout.");
        }

        if (!Directory.Exists(full))
        {
            return new DatasetFolderReport(full, DatasetFolderState.Missing, [], HasTestTruth: false);
        }

        if (!Directory.EnumerateFileSystemEntries(full).Any())
        {
            return new DatasetFolderReport(full, DatasetFolderState.Empty, [], HasTestTruth: false);
        }

        var missingShared = new[] { KaggleLayout.GeometryFileName, KaggleLayout.SampleSubmissionFileName }
            .Where(name => !File.Exists(Path.Combine(full, name)))
            .ToList();
        var missingTrain = MissingOfSplit(full, KaggleSplit.Train);
        var missingTest = MissingOfSplit(full, KaggleSplit.Test);
        var hasTruth = File.Exists(KaggleLayout.TestTruthPath(full));
        var missing = missingShared.Concat(missingTrain).Concat(missingTest).ToList();
        if (missing.Count == 0)
        {
            return new DatasetFolderReport(full, DatasetFolderState.Complete, [], hasTruth);
        }

        // A test-only layout has no trace of the train half: a lone train_meta.parquet or train/ folder means a
        // copy or a simulation was interrupted, and that is reported as partial.
        var trainAbsent = missingTrain.Count == 2 && !Directory.Exists(KaggleLayout.BatchFolder(full, KaggleSplit.Train));
        var state = trainAbsent && missingShared.Count == 0 && missingTest.Count == 0
            ? DatasetFolderState.TestOnly
            : DatasetFolderState.Partial;
        return new DatasetFolderReport(full, state, missing, hasTruth);
    }

    // The split's meta file and at least one batch file in its folder, as relative names when absent.
    private static List<string> MissingOfSplit(string root, KaggleSplit split)
    {
        var missing = new List<string>();
        if (!File.Exists(KaggleLayout.MetaPath(root, split)))
        {
            missing.Add(KaggleLayout.MetaFileName(split));
        }

        var folder = KaggleLayout.BatchFolder(root, split);
        if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, BatchPattern).Any())
        {
            missing.Add($"{KaggleLayout.SplitName(split)}/batch_<n>.parquet");
        }

        return missing;
    }
}
