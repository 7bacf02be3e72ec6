namespace IceCube.Reco.Data;

/// <summary>How a <see cref="KaggleDataset"/> splits, orders and limits the events its generators yield.</summary>
public sealed record DatasetOptions
{
    /// <summary>Fraction of train events held out for validation, chosen by a seeded hash of event_id.</summary>
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>Seed of the validation split and of the training shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>Use only the first this many batch files in meta order; null for all.</summary>
    public int? MaxBatchFiles { get; init; }

    /// <summary>Use only the first this many events (of the chosen part, in meta order); null for all.</summary>
    public long? MaxEvents { get; init; }

    /// <summary>Mini-batches the background producer may have ready ahead of the consumer.</summary>
    public int PrefetchMiniBatches { get; init; } = 4;

    /// <summary>
    /// Test generators only: give each mini-batch the true directions read from test_truth.parquet (written by the
    /// simulator), so a model can be scored on the test split with the same generator. Every test event must then
    /// have a row in that file. Train and validation generators ignore it: their targets come from the train meta.
    /// </summary>
    public bool AttachTestTruth { get; init; }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (!(ValidationFraction >= 0.0 && ValidationFraction < 1.0))
        {
            throw new ArgumentException($"ValidationFraction must be in [0, 1), got {ValidationFraction}.");
        }

        if (MaxBatchFiles is < 1)
        {
            throw new ArgumentException($"MaxBatchFiles must be at least 1, got {MaxBatchFiles}.");
        }

        if (MaxEvents is < 1)
        {
            throw new ArgumentException($"MaxEvents must be at least 1, got {MaxEvents}.");
        }

        if (PrefetchMiniBatches < 1)
        {
            throw new ArgumentException($"PrefetchMiniBatches must be at least 1, got {PrefetchMiniBatches}.");
        }
    }
}
