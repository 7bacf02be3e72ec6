namespace IceCube.Reco.Data;

/// <summary>
/// Where each batch's rows lie in a meta file: built once from the batch_id column alone, so reading one batch's
/// events later touches only its own rows. For the usual file sorted by batch_id each batch has one tight range.
/// </summary>
internal sealed class MetaIndex
{
    private readonly Dictionary<long, List<MetaRowRange>> _ranges;
    private readonly Dictionary<long, long> _eventCounts;

    /// <summary>Creates the index from its parts.</summary>
    public MetaIndex(IReadOnlyList<long> batchIds, Dictionary<long, List<MetaRowRange>> ranges, Dictionary<long, long> eventCounts)
    {
        BatchIds = batchIds;
        _ranges = ranges;
        _eventCounts = eventCounts;
        foreach (var count in eventCounts.Values)
        {
            EventCount += count;
        }
    }

    /// <summary>The batch ids in order of first appearance in the meta file.</summary>
    public IReadOnlyList<long> BatchIds { get; }

    /// <summary>Total number of events in the meta file.</summary>
    public long EventCount { get; }

    /// <summary>Row ranges that hold the rows of <paramref name="batchId"/>, in file order.</summary>
    public IReadOnlyList<MetaRowRange> RangesOf(long batchId) => _ranges[batchId];

    /// <summary>Number of events of <paramref name="batchId"/>.</summary>
    public long EventCountOf(long batchId) => _eventCounts[batchId];
}
