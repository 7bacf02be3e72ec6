using IceCube.Reco.Compute;

namespace IceCube.Reco.Layers;

/// <summary>
/// What every layer's forward and backward pass needs to know about the mini-batch in flight. One instance is
/// reused for every step (set its fields, never allocate per step).
/// </summary>
internal sealed class BatchContext
{
    /// <summary>Rows in this mini-batch (B' &lt;= the capacity the layers were built for; the last batch is short).</summary>
    public int BatchSize { get; set; }

    /// <summary>
    /// True sequence lengths [capacity] on the device, as exact float integers (floats hold every integer up to
    /// 2^24, far beyond any sequence length), so the seam needs only one tensor type. Entries 0 .. B'-1 are valid.
    /// </summary>
    public DeviceTensor Lengths { get; set; } = null!;

    /// <summary>True while training: dropout draws masks and layers keep what their backward pass needs.</summary>
    public bool Training { get; set; }

    /// <summary>The optimizer step this batch belongs to (counts from 1); with the model seed it keys dropout masks.</summary>
    public long Step { get; set; }

    /// <summary>The model's seed, the other key of dropout masks.</summary>
    public ulong Seed { get; set; }
}
