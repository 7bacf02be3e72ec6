namespace TrainPredictSubmit;

/// <summary>
/// Progress of one phase (simulation, training, LineFit, prediction), reported synchronously from the thread that
/// does the work: unlike <see cref="Progress{T}"/> it posts nothing, so reports arrive in order and none is lost.
/// </summary>
/// <param name="report">Receives the amount done so far (in the phase's unit) and an optional detail text.</param>
internal sealed class PhaseProgress(Action<double, string?> report)
{
    /// <summary>Reports the amount done so far and, optionally, a short detail such as the current loss.</summary>
    public void Report(double done, string? detail = null) => report(done, detail);
}
