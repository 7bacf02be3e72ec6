namespace IceCube.Reco.Simulation;

/// <summary>Counts what a dataset write has finished and reports it.</summary>
internal sealed class ProgressTracker(long eventsTotal, int filesTotal, IProgress<SimulationProgress>? progress)
{
    /// <summary>Events written so far.</summary>
    public long EventsDone { get; set; }

    /// <summary>Batch files moved into place so far.</summary>
    public int BatchFilesDone { get; set; }

    /// <summary>Reports the current counts, when someone listens.</summary>
    public void Report() => progress?.Report(new SimulationProgress(EventsDone, eventsTotal, BatchFilesDone, filesTotal));
}
