namespace IceCube.Reco.Data;

/// <summary>One batch file of a generator's plan.</summary>
/// <param name="BatchId">batch_id of the file.</param>
/// <param name="MaxEvents">Keep at most this many chosen events of the file, the first in meta order.</param>
internal readonly record struct BatchPlanEntry(long BatchId, long MaxEvents);
