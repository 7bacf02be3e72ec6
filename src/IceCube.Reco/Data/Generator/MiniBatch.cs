namespace IceCube.Reco.Data;

/// <summary>
/// One mini-batch of featurised events, row-major host buffers ready to copy to a device:
/// features [B', L, F], true lengths [B'], event ids [B'] and, when targets are known (train and validation, or
/// test with <see cref="DatasetOptions.AttachTestTruth"/>), unit-vector directions [B', 3] and angles [B', 2]
/// (azimuth, zenith in radians). B' = <see cref="Count"/> is at most the
/// generator's batch size; only the last mini-batch of a pass is shorter, and no span holds padding rows.
/// Padding inside an event (steps at or after its length) is zero.
/// </summary>
/// <remarks>
/// The generator recycles mini-batches: one is valid until the enumerator moves to the next one.
/// Copy what must outlive that.
/// </remarks>
public sealed class MiniBatch
{
    private readonly float[] _features;
    private readonly int[] _lengths;
    private readonly long[] _eventIds;
    private readonly float[] _directions;
    private readonly float[] _angles;

    internal MiniBatch(int capacity, int maxPulses, int featureCount, bool hasTargets)
    {
        Capacity = capacity;
        MaxPulses = maxPulses;
        FeatureCount = featureCount;
        HasTargets = hasTargets;
        _features = new float[checked(capacity * maxPulses * featureCount)];
        _lengths = new int[capacity];
        _eventIds = new long[capacity];
        _directions = hasTargets ? new float[capacity * 3] : [];
        _angles = hasTargets ? new float[capacity * 2] : [];
    }

    /// <summary>Events in this mini-batch (B').</summary>
    public int Count { get; private set; }

    /// <summary>The generator's batch size B: the most events a mini-batch holds.</summary>
    public int Capacity { get; }

    /// <summary>Sequence length L.</summary>
    public int MaxPulses { get; }

    /// <summary>Features per pulse F.</summary>
    public int FeatureCount { get; }

    /// <summary>True when <see cref="Directions"/> and <see cref="Angles"/> hold the true directions.</summary>
    public bool HasTargets { get; }

    /// <summary>Features [Count, MaxPulses, FeatureCount], row-major, zero after each event's length.</summary>
    public ReadOnlySpan<float> Features => _features.AsSpan(0, Count * MaxPulses * FeatureCount);

    /// <summary>Pulses kept per event, 0 to MaxPulses.</summary>
    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);

    /// <summary>event_id of each row.</summary>
    public ReadOnlySpan<long> EventIds => _eventIds.AsSpan(0, Count);

    /// <summary>True direction of each event as a unit vector [Count, 3] pointing to the source; empty without targets.</summary>
    public ReadOnlySpan<float> Directions => _directions.AsSpan(0, HasTargets ? Count * 3 : 0);

    /// <summary>True (azimuth, zenith) of each event in radians [Count, 2]; empty without targets.</summary>
    public ReadOnlySpan<float> Angles => _angles.AsSpan(0, HasTargets ? Count * 2 : 0);

    internal bool IsFull => Count == Capacity;

    internal void Clear() => Count = 0;

    /// <summary>Appends an event row and returns its feature block (L * F floats) for the featuriser to fill.</summary>
    internal Span<float> Append(long eventId, double azimuth, double zenith)
    {
        var row = Count++;
        _eventIds[row] = eventId;
        if (HasTargets)
        {
            var (x, y, z) = Physics.Direction.ToUnitVector(azimuth, zenith);
            _directions[row * 3] = (float)x;
            _directions[row * 3 + 1] = (float)y;
            _directions[row * 3 + 2] = (float)z;
            _angles[row * 2] = (float)azimuth;
            _angles[row * 2 + 1] = (float)zenith;
        }

        var block = MaxPulses * FeatureCount;
        return _features.AsSpan(row * block, block);
    }

    internal void SetLength(int row, int length) => _lengths[row] = length;
}
