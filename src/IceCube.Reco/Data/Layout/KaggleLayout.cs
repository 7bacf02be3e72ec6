namespace IceCube.Reco.Data;

/// <summary>
/// File names of the Kaggle "IceCube - Neutrinos in Deep Ice" layout under a root folder.
/// Batch files are addressed by the batch_id found in the meta, never by directory listing order.
/// </summary>
internal static class KaggleLayout
{
    /// <summary>Sensor positions, sensor_id,x,y,z in metres.</summary>
    public const string GeometryFileName = "sensor_geometry.csv";

    /// <summary>One row per test event with both angles set to 1.0.</summary>
    public const string SampleSubmissionFileName = "sample_submission.parquet";

    /// <summary>True angles of the test events; written by the simulator, absent from the real competition data.</summary>
    public const string TestTruthFileName = "test_truth.parquet";

    /// <summary>A one-paragraph description of the layout for error messages.</summary>
    public const string Description =
        "expected layout: <root>/sensor_geometry.csv, <root>/train_meta.parquet, <root>/train/batch_<n>.parquet, " +
        "<root>/test_meta.parquet, <root>/test/batch_<n>.parquet, <root>/sample_submission.parquet";

    /// <summary>The folder name of a split ("train" or "test").</summary>
    public static string SplitName(KaggleSplit split) => split switch
    {
        KaggleSplit.Train => "train",
        KaggleSplit.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split."),
    };

    /// <summary>Path of sensor_geometry.csv.</summary>
    public static string GeometryPath(string root) => Path.Combine(root, GeometryFileName);

    /// <summary>"train_meta.parquet" or "test_meta.parquet".</summary>
    public static string MetaFileName(KaggleSplit split) => SplitName(split) + "_meta.parquet";

    /// <summary>Path of train_meta.parquet or test_meta.parquet.</summary>
    public static string MetaPath(string root, KaggleSplit split) => Path.Combine(root, MetaFileName(split));

    /// <summary>Folder holding a split's batch files.</summary>
    public static string BatchFolder(string root, KaggleSplit split) => Path.Combine(root, SplitName(split));

    /// <summary>Path of the batch file with the given batch_id.</summary>
    public static string BatchPath(string root, KaggleSplit split, long batchId) =>
        Path.Combine(BatchFolder(root, split), FormattableString.Invariant($"batch_{batchId}.parquet"));

    /// <summary>Path of sample_submission.parquet.</summary>
    public static string SampleSubmissionPath(string root) => Path.Combine(root, SampleSubmissionFileName);

    /// <summary>Path of test_truth.parquet.</summary>
    public static string TestTruthPath(string root) => Path.Combine(root, TestTruthFileName);
}
