using System.Collections.Concurrent;

namespace IceCube.Reco.Data;

/// <summary>
/// A folder in the Kaggle "IceCube - Neutrinos in Deep Ice" layout: sensor_geometry.csv, train_meta.parquet with
/// train/batch_&lt;n&gt;.parquet, test_meta.parquet with test/batch_&lt;n&gt;.parquet. Hands out generators of
/// featurised mini-batches for training, validation and prediction.
/// </summary>
/// <example>
/// <code>
/// var data = KaggleDataset.Open("data/icecube");
/// foreach (var batch in data.Train(batchSize: 256)) { /* batch.Features, batch.Lengths, batch.Directions */ }
/// </code>
/// </example>
public sealed class KaggleDataset
{
    private readonly Lazy<MetaIndex> _trainIndex;
    private readonly Lazy<MetaIndex> _testIndex;
    private readonly ConcurrentBag<BatchLoader> _loaders = [];

    private KaggleDataset(string root, SensorGeometry geometry)
    {
        Root = root;
        Geometry = geometry;
        _trainIndex = new(() => BuildIndex(KaggleSplit.Train));
        _testIndex = new(() => BuildIndex(KaggleSplit.Test));
    }

    /// <summary>Full path of the dataset folder.</summary>
    public string Root { get; }

    /// <summary>The sensor positions read from sensor_geometry.csv.</summary>
    public SensorGeometry Geometry { get; }

    /// <summary>True when train_meta.parquet exists.</summary>
    public bool HasTrain => File.Exists(KaggleLayout.MetaPath(Root, KaggleSplit.Train));

    /// <summary>True when test_meta.parquet exists.</summary>
    public bool HasTest => File.Exists(KaggleLayout.MetaPath(Root, KaggleSplit.Test));

    /// <summary>True when test_truth.parquet exists (datasets written by the simulator have one).</summary>
    public bool HasTestTruth => File.Exists(KaggleLayout.TestTruthPath(Root));

    /// <summary>Number of events in train_meta.parquet (the first call scans its batch_id column).</summary>
    public long TrainEventCount => Index(KaggleSplit.Train).EventCount;

    /// <summary>Number of events in test_meta.parquet (the first call scans its batch_id column).</summary>
    public long TestEventCount => Index(KaggleSplit.Test).EventCount;

    /// <summary>Opens a dataset folder and reads its sensor geometry; meta files are read when first needed.</summary>
    /// <param name="root">The dataset folder.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="FileNotFoundException">The folder or its sensor_geometry.csv does not exist; the message
    /// names the path and the expected layout.</exception>
    /// <exception cref="InvalidDataException">sensor_geometry.csv is malformed.</exception>
    public static KaggleDataset Open(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new FileNotFoundException($"Dataset folder not found: {full} ({KaggleLayout.Description}).", full);
        }

        var geometryPath = KaggleLayout.GeometryPath(full);
        if (!File.Exists(geometryPath))
        {
            throw new FileNotFoundException(
                $"Sensor geometry not found: {geometryPath} ({KaggleLayout.Description}).", geometryPath);
        }

        return new KaggleDataset(full, SensorGeometry.Load(geometryPath));
    }

    /// <summary>
    /// Training mini-batches: train events outside the validation part, files and events shuffled with a seed that
    /// changes from pass to pass.
    /// </summary>
    /// <param name="batchSize">Events per mini-batch (B).</param>
    /// <param name="featurization">Featurisation; <see cref="FeaturizationOptions.Default"/> when null.</param>
    /// <param name="options">Split, seed and limits; defaults when null.</param>
    /// <returns>A reusable generator; each enumeration is one pass (epoch).</returns>
    public IceCubeDataGenerator Train(int batchSize, FeaturizationOptions? featurization = null, DatasetOptions? options = null) =>
        Create(KaggleSplit.Train, EventFilter.Training, shuffle: true, batchSize, featurization, options);

    /// <summary>Validation mini-batches: the held-out train events, in meta order, with targets.</summary>
    /// <param name="batchSize">Events per mini-batch (B).</param>
    /// <param name="featurization">Featurisation; must match the model's. Default when null.</param>
    /// <param name="options">Must carry the same split fraction and seed as the training generator's.</param>
    /// <returns>A reusable generator.</returns>
    public IceCubeDataGenerator Validation(int batchSize, FeaturizationOptions? featurization = null, DatasetOptions? options = null) =>
        Create(KaggleSplit.Train, EventFilter.Validation, shuffle: false, batchSize, featurization, options);

    /// <summary>
    /// Test mini-batches: every test event in meta order (the submission's order), without targets unless
    /// <see cref="DatasetOptions.AttachTestTruth"/> asks for the true angles of test_truth.parquet.
    /// </summary>
    /// <param name="batchSize">Events per mini-batch (B).</param>
    /// <param name="featurization">Featurisation; must match the model's. Default when null.</param>
    /// <param name="options">Limits and <see cref="DatasetOptions.AttachTestTruth"/>; the split fields are ignored.</param>
    /// <returns>A reusable generator.</returns>
    /// <exception cref="FileNotFoundException">The test meta is missing, or the truth is asked for and
    /// test_truth.parquet is missing.</exception>
    /// <exception cref="InvalidDataException">The truth is asked for and test_truth.parquet is unreadable (see
    /// <see cref="ReadTestTruth"/>).</exception>
    public IceCubeDataGenerator Test(int batchSize, FeaturizationOptions? featurization = null, DatasetOptions? options = null) =>
        Create(KaggleSplit.Test, EventFilter.All, shuffle: false, batchSize, featurization, options);

    /// <summary>
    /// Reads test_truth.parquet, the true directions of the test events that the simulator writes (the competition's
    /// own data has none; see <see cref="HasTestTruth"/>). Columns are found by name; event_id may be INT32 or INT64,
    /// the angles FLOAT or DOUBLE; extra columns such as topology or energy are ignored.
    /// </summary>
    /// <returns>Event ids, azimuth and zenith (radians) in file order, with a lookup by event id.</returns>
    /// <exception cref="FileNotFoundException">test_truth.parquet does not exist; the message names the path.</exception>
    /// <exception cref="InvalidDataException">The file is not readable parquet, lacks a column or has one of an
    /// unsupported type, holds a null or a non-finite angle, or lists an event twice; the message names the file,
    /// the column and the row.</exception>
    public EventAngles ReadTestTruth() => EventAnglesReader.Read(KaggleLayout.TestTruthPath(Root));

    /// <summary>
    /// The raw test events in meta order (the submission's order), one batch file at a time, without
    /// featurisation: event ids, pulse ranges and the pulse columns, for baselines such as
    /// <see cref="LineFitBaseline"/> or for displaying events. Only one batch file is held at a time.
    /// </summary>
    /// <param name="maxEvents">Stop after the first this many events of the meta; null for all.</param>
    /// <returns>A reusable sequence; each enumeration reads the files again. A yielded batch is valid until the
    /// enumeration moves on (its buffers are reused).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEvents"/> is below 1.</exception>
    /// <exception cref="FileNotFoundException">test_meta.parquet does not exist (thrown here), or a batch file that
    /// the meta names does not (thrown while enumerating).</exception>
    /// <exception cref="InvalidDataException">While enumerating: a file is not readable parquet, lacks a column or
    /// has one of an unsupported type or with nulls, a sensor id lies outside the geometry, a charge is not finite
    /// and positive, or an event's pulse rows lie outside its batch file or hold another event_id; the message names
    /// the file, the column or event, and the row.</exception>
    public IEnumerable<RawEventBatch> TestEvents(long? maxEvents = null) => RawEvents(KaggleSplit.Test, maxEvents);

    /// <summary>
    /// The raw train events in meta order, one batch file at a time, with their target angles; see
    /// <see cref="TestEvents"/>. No validation split is applied.
    /// </summary>
    /// <param name="maxEvents">Stop after the first this many events of the meta; null for all.</param>
    /// <returns>A reusable sequence; a yielded batch is valid until the enumeration moves on.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEvents"/> is below 1.</exception>
    /// <exception cref="FileNotFoundException">train_meta.parquet does not exist (thrown here), or a batch file that
    /// the meta names does not (thrown while enumerating).</exception>
    /// <exception cref="InvalidDataException">While enumerating: as for <see cref="TestEvents"/>, or a target angle
    /// is not finite.</exception>
    public IEnumerable<RawEventBatch> TrainEvents(long? maxEvents = null) => RawEvents(KaggleSplit.Train, maxEvents);

    internal MetaIndex Index(KaggleSplit split) => split == KaggleSplit.Train ? _trainIndex.Value : _testIndex.Value;

    internal BatchLoader RentLoader() => _loaders.TryTake(out var loader) ? loader : new BatchLoader();

    internal void ReturnLoader(BatchLoader loader) => _loaders.Add(loader);

    private IceCubeDataGenerator Create(
        KaggleSplit split,
        EventFilter filter,
        bool shuffle,
        int batchSize,
        FeaturizationOptions? featurization,
        DatasetOptions? options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        featurization ??= FeaturizationOptions.Default;
        featurization.Validate();
        options ??= new DatasetOptions();
        options.Validate();
        if (filter == EventFilter.Training && options.ValidationFraction == 0.0)
        {
            // Nothing is held out, so skip hashing every event_id.
            filter = EventFilter.All;
        }

        var metaPath = KaggleLayout.MetaPath(Root, split);
        if (!File.Exists(metaPath))
        {
            throw new FileNotFoundException($"Meta file not found: {metaPath} ({KaggleLayout.Description}).", metaPath);
        }

        // Read before the first pass, so a missing or bad truth file fails here rather than mid-pass.
        var truth = split == KaggleSplit.Test && options.AttachTestTruth ? ReadTestTruth() : null;
        return new IceCubeDataGenerator(this, split, filter, shuffle, batchSize, featurization, options, truth);
    }

    // Checks the arguments now rather than at the first MoveNext, then streams.
    private IEnumerable<RawEventBatch> RawEvents(KaggleSplit split, long? maxEvents)
    {
        if (maxEvents is { } cap)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1, nameof(maxEvents));
        }

        var metaPath = KaggleLayout.MetaPath(Root, split);
        if (!File.Exists(metaPath))
        {
            throw new FileNotFoundException($"Meta file not found: {metaPath} ({KaggleLayout.Description}).", metaPath);
        }

        return StreamRawEvents(split, maxEvents ?? long.MaxValue);
    }

    private IEnumerable<RawEventBatch> StreamRawEvents(KaggleSplit split, long maxEvents)
    {
        var loader = RentLoader();
        try
        {
            var index = Index(split);
            var meta = loader.MetaReaderFor(KaggleLayout.MetaPath(Root, split), withTargets: split == KaggleSplit.Train);
            var events = loader.Events[0];
            var pulses = loader.Pulses[0];
            var batch = new RawEventBatch(events, pulses);
            var remaining = maxEvents;
            foreach (var batchId in index.BatchIds)
            {
                if (remaining == 0)
                {
                    break;
                }

                meta.ReadBatch(index, batchId, events);
                loader.PulseReader.Read(KaggleLayout.BatchPath(Root, split, batchId), batchId, Geometry.Count, pulses);
                var taken = (int)Math.Min(events.Count, remaining);
                batch.Take(taken);
                remaining -= taken;
                yield return batch;
            }
        }
        finally
        {
            ReturnLoader(loader);
        }
    }

    private MetaIndex BuildIndex(KaggleSplit split) =>
        new MetaReader(KaggleLayout.MetaPath(Root, split), withTargets: split == KaggleSplit.Train).BuildIndex();
}
