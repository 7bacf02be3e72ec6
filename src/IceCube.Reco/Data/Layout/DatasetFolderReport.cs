namespace IceCube.Reco.Data;

/// <summary>The result of <see cref="DatasetFolder.Inspect"/>.</summary>
/// <param name="FullPath">The folder's absolute path.</param>
/// <param name="State">What it holds.</param>
/// <param name="Missing">The layout entries that are absent, as relative names such as "train_meta.parquet" or
/// "test/batch_&lt;n&gt;.parquet"; empty for a missing, empty or complete folder.</param>
/// <param name="HasTestTruth">True when test_truth.parquet (written by the simulator) is present.</param>
public sealed record DatasetFolderReport(
    string FullPath, DatasetFolderState State, IReadOnlyList<string> Missing, bool HasTestTruth);
