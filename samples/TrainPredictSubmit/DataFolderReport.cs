namespace TrainPredictSubmit;

/// <summary>The result of inspecting a --data folder.</summary>
/// <param name="FullPath">The folder's absolute path.</param>
/// <param name="State">What it holds.</param>
/// <param name="Missing">The layout entries that are absent (relative names such as "train_meta.parquet" or
/// "test/batch_&lt;n&gt;.parquet").</param>
/// <param name="HasTruth">True when test_truth.parquet (written by the simulator) is present.</param>
internal sealed record DataFolderReport(string FullPath, DataFolderState State, IReadOnlyList<string> Missing, bool HasTruth);
