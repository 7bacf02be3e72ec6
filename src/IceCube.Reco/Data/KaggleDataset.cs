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

    /// <summary>Test mini-batches: every test event in meta order (the submission's order), without targets.</summary>
    /// <param name="batchSize">Events per mini-batch (B).</param>
    /// <param name="featurization">Featurisation; must match the model's. Default when null.</param>
    /// <param name="options">Limits; the split fields are ignored.</param>
    /// <returns>A reusable generator.</returns>
    public IceCubeDataGenerator Test(int batchSize, FeaturizationOptions? featurization = null, DatasetOptions? options = null) =>
        Create(KaggleSplit.Test, EventFilter.All, shuffle: false, batchSize, featurization, options);

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

        return new IceCubeDataGenerator(this, split, filter, shuffle, batchSize, featurization, options);
    }

    private MetaIndex BuildIndex(KaggleSplit split) =>
        new MetaReader(KaggleLayout.MetaPath(Root, split), withTargets: split == KaggleSplit.Train).BuildIndex();
}
