namespace IceCube.Reco.Data;

/// <summary>
/// The large, reusable buffers of a generator pass: two batch files' pulses and meta rows (the one being
/// featurised and the one being prefetched) and the reader that fills them. A dataset lends them to one pass at
/// a time, so consecutive passes of any of its generators reuse the same memory.
/// </summary>
internal sealed class BatchLoader
{
    private MetaReader? _meta;

    /// <summary>Pulses of the two slots.</summary>
    public PulseBatch[] Pulses { get; } = [new(), new()];

    /// <summary>Meta rows of the two slots.</summary>
    public BatchEvents[] Events { get; } = [new(), new()];

    /// <summary>Reader of batch files.</summary>
    public PulseBatchReader PulseReader { get; } = new();

    /// <summary>Indices of the events chosen from the current file, reused from file to file.</summary>
    public List<int> Selected { get; } = [];

    /// <summary>A meta reader for the file, reusing the last one (and its chunk buffers) when it fits.</summary>
    public MetaReader MetaReaderFor(string path, bool withTargets)
    {
        if (_meta is null || _meta.Path != path || _meta.WithTargets != withTargets)
        {
            _meta = new MetaReader(path, withTargets);
        }

        return _meta;
    }
}
