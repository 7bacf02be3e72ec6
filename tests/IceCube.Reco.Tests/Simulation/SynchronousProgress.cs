using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

/// <summary>
/// Runs the callback on the reporting thread; <see cref="Progress{T}"/> posts to the thread pool, and the tests need
/// the callback to have run before the simulator goes on.
/// </summary>
internal sealed class SynchronousProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
{
    public void Report(SimulationProgress value) => report(value);
}
