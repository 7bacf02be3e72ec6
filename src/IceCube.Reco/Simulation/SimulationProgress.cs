namespace IceCube.Reco.Simulation;

/// <summary>Progress of a dataset write, reported after each block of events.</summary>
/// <param name="EventsDone">Events simulated and written so far, train and test together.</param>
/// <param name="EventsTotal">Events the run writes in all.</param>
/// <param name="BatchFilesDone">Batch files finished and moved into place.</param>
/// <param name="BatchFilesTotal">Batch files the run writes in all.</param>
public readonly record struct SimulationProgress(long EventsDone, long EventsTotal, int BatchFilesDone, int BatchFilesTotal);
