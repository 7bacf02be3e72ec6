using System.Collections;

namespace IceCube.Reco.Data;

/// <summary>
/// Yields featurised <see cref="MiniBatch"/>es from a <see cref="KaggleDataset"/>. Each enumeration is one pass
/// over the chosen events: a background producer reads the batch files (the next one prefetched while the current
/// one is featurised) and keeps a bounded queue of mini-batches ready, so the consumer rarely waits on parquet.
/// Host memory stays bounded by one batch file, one prefetched file and the queue.
/// </summary>
/// <remarks>
/// Training generators shuffle the order of batch files and of the events inside each file with a seed derived
/// from <see cref="DatasetOptions.Seed"/> and the pass number, so pass k is the same in every run. Validation and
/// test generators keep meta order. One pass at a time: finish or dispose an enumerator before starting the next.
/// A yielded mini-batch is valid until the enumerator moves on.
/// </remarks>
public sealed class IceCubeDataGenerator : IEnumerable<MiniBatch>
{
    private readonly KaggleDataset _dataset;
    private readonly EventFilter _filter;
    private readonly DatasetOptions _options;
    private readonly List<MiniBatch> _miniBatches = [];
    private EventFeaturizer? _featurizer;
    private IReadOnlyList<BatchPlanEntry>? _plan;
    private int _passes;
    private int _active;

    internal IceCubeDataGenerator(
        KaggleDataset dataset,
        KaggleSplit split,
        EventFilter filter,
        bool shuffle,
        int batchSize,
        FeaturizationOptions featurization,
        DatasetOptions options,
        EventAngles? truth)
    {
        _dataset = dataset;
        Split = split;
        _filter = filter;
        Shuffles = shuffle;
        BatchSize = batchSize;
        Featurization = featurization;
        _options = options;
        Truth = truth;
    }

    /// <summary>Events per full mini-batch (B).</summary>
    public int BatchSize { get; }

    /// <summary>The featurisation applied to every event.</summary>
    public FeaturizationOptions Featurization { get; }

    /// <summary>
    /// True when mini-batches carry target directions: train and validation, and test when
    /// <see cref="DatasetOptions.AttachTestTruth"/> is set.
    /// </summary>
    public bool HasTargets => Split == KaggleSplit.Train || Truth is not null;

    /// <summary>True when each pass shuffles files and events (training).</summary>
    public bool Shuffles { get; }

    /// <summary>Passes started so far.</summary>
    public int Passes => _passes;

    internal KaggleSplit Split { get; }

    internal KaggleDataset Dataset => _dataset;

    internal DatasetOptions Options => _options;

    // The test events' true angles, when attached; the train split takes its targets from the meta.
    internal EventAngles? Truth { get; }

    /// <summary>Starts a pass over the events.</summary>
    /// <returns>An enumerator that owns the background producer; dispose it to stop early.</returns>
    /// <exception cref="InvalidOperationException">A previous pass is still running.</exception>
    public IEnumerator<MiniBatch> GetEnumerator()
    {
        if (Interlocked.Exchange(ref _active, 1) != 0)
        {
            throw new InvalidOperationException(
                "A pass of this generator is still running; finish or dispose its enumerator first.");
        }

        try
        {
            var plan = _plan ??= BuildPlan();
            _featurizer ??= new EventFeaturizer(Featurization, _dataset.Geometry);
            var pass = _passes++;
            var seed = unchecked(_options.Seed * 1_000_003 + pass);
            return new GeneratorPass(this, plan, _featurizer, seed);
        }
        catch
        {
            Volatile.Write(ref _active, 0);
            throw;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal bool Includes(long eventId) => _filter switch
    {
        EventFilter.Training => !EventSplit.IsValidation(eventId, _options.Seed, _options.ValidationFraction),
        EventFilter.Validation => EventSplit.IsValidation(eventId, _options.Seed, _options.ValidationFraction),
        _ => true,
    };

    // The pool holds the queue's mini-batches plus the one being filled and the one the consumer holds.
    internal List<MiniBatch> MiniBatches()
    {
        var needed = _options.PrefetchMiniBatches + 2;
        while (_miniBatches.Count < needed)
        {
            _miniBatches.Add(new MiniBatch(BatchSize, Featurization.MaxPulses, Featurization.FeatureCount, HasTargets));
        }

        return _miniBatches;
    }

    internal void PassEnded() => Volatile.Write(ref _active, 0);

    // Files in meta order; with MaxEvents, per-file caps so the pass keeps the first MaxEvents chosen events.
    private List<BatchPlanEntry> BuildPlan()
    {
        var index = _dataset.Index(Split);
        var files = index.BatchIds.Take(_options.MaxBatchFiles ?? int.MaxValue);
        var plan = new List<BatchPlanEntry>();
        if (_options.MaxEvents is not { } maxEvents)
        {
            plan.AddRange(files.Select(id => new BatchPlanEntry(id, long.MaxValue)));
            return plan;
        }

        var reader = new MetaReader(KaggleLayout.MetaPath(_dataset.Root, Split), withTargets: false);
        var events = new BatchEvents();
        var remaining = maxEvents;
        foreach (var id in files)
        {
            var chosen = 0L;
            if (_filter == EventFilter.All)
            {
                chosen = index.EventCountOf(id);
            }
            else
            {
                reader.ReadBatch(index, id, events);
                foreach (var eventId in events.EventId)
                {
                    chosen += Includes(eventId) ? 1 : 0;
                }
            }

            plan.Add(new BatchPlanEntry(id, Math.Min(chosen, remaining)));
            remaining -= Math.Min(chosen, remaining);
            if (remaining == 0)
            {
                break;
            }
        }

        return plan;
    }
}
