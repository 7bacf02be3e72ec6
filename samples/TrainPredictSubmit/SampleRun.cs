namespace TrainPredictSubmit;

internal sealed class SampleRun(SampleOptions options, ConsoleUi ui)
{
    public static IReadOnlyList<string> PresetNames { get; } = ["notebook", "default"];

    public void Execute(CancellationToken cancellationToken)
    {
        _ = options;
        _ = ui;
        cancellationToken.ThrowIfCancellationRequested();
    }
}
