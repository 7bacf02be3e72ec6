using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace TrainPredictSubmit;

/// <summary>
/// Everything the sample prints. In a terminal, phases get a live Spectre.Console progress bar; when the output is
/// redirected (a log file, CI) they print plain lines instead: one when a phase starts, one at every tenth of the
/// way or every <see cref="PlainInterval"/>, whichever comes first, and one when it ends.
/// </summary>
internal sealed class ConsoleUi(bool interactive)
{
    /// <summary>Longest quiet stretch of a phase in plain mode.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(15);

    /// <summary>True when progress is drawn as live bars.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>Prints one line of text (no markup).</summary>
    public void Line(string text)
    {
        if (Interactive)
        {
            AnsiConsole.MarkupLine(Markup.Escape(text));
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }

    /// <summary>Runs one phase of work under a progress display.</summary>
    /// <param name="title">What the phase does, e.g. "training".</param>
    /// <param name="total">The amount of work in the unit the phase reports in; at least 1.</param>
    /// <param name="work">The work; it reports through the <see cref="PhaseProgress"/> it is given.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    public T Phase<T>(string title, double total, Func<PhaseProgress, T> work)
    {
        total = Math.Max(1.0, total);
        var clock = Stopwatch.StartNew();
        T result;
        if (Interactive)
        {
            result = AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(
                    new TaskDescriptionColumn { Alignment = Justify.Left },
                    new ProgressBarColumn(),
                    new PercentageColumn(),
                    new ElapsedTimeColumn(),
                    new RemainingTimeColumn(),
                    new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(title), maxValue: total);
                    var value = work(new PhaseProgress((done, detail) =>
                    {
                        task.Value = Math.Min(done, total);
                        task.Description = Markup.Escape(detail is null ? title : $"{title}  {detail}");
                    }));
                    task.Value = total;
                    task.StopTask();
                    return value;
                });
        }
        else
        {
            Console.Out.WriteLine($"{title}: started");
            var nextTenth = 1;
            var lastLine = TimeSpan.Zero;
            result = work(new PhaseProgress((done, detail) =>
            {
                var fraction = Math.Clamp(done / total, 0.0, 1.0);
                if (fraction * 10.0 >= nextTenth || clock.Elapsed - lastLine >= PlainInterval)
                {
                    nextTenth = (int)Math.Floor(fraction * 10.0) + 1;
                    lastLine = clock.Elapsed;
                    var suffix = detail is null ? "" : $"  {detail}";
                    Console.Out.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{title}: {fraction * 100.0,5:F1} %{suffix}  ({clock.Elapsed.TotalSeconds:F0} s)"));
                }
            }));
        }

        Line(string.Create(CultureInfo.InvariantCulture, $"{title}: done in {clock.Elapsed.TotalSeconds:F1} s"));
        return result;
    }

    /// <summary>Prints the final comparison and the throughput.</summary>
    public void Summary(RunMetrics metrics, string modelLabel)
    {
        var errors = new Table().Title($"Angular error on {metrics.TestEvents:N0} test events (rad, lower is better)");
        errors.AddColumn("reconstruction");
        errors.AddColumn(new TableColumn("mean").RightAligned());
        errors.AddColumn(new TableColumn("median").RightAligned());
        errors.AddRow(Markup.Escape(modelLabel), Angle(metrics.ModelMean), Angle(metrics.ModelMedian));
        errors.AddRow("LineFit", Angle(metrics.LineFitMean), Angle(metrics.LineFitMedian));
        errors.AddRow("constant (1, 1)", Angle(metrics.ConstantMean), Angle(metrics.ConstantMedian));
        if (metrics.ModelMean is null)
        {
            errors.Caption("no test truth in this dataset: errors cannot be scored");
        }

        var speed = new Table().Title("Throughput");
        speed.AddColumn("phase");
        speed.AddColumn(new TableColumn("events/s").RightAligned());
        speed.AddRow("training", metrics.TrainEventsPerSecond is { } train ? Rate(train) : "not trained");
        speed.AddRow("prediction", Rate(metrics.PredictEventsPerSecond));
        AnsiConsole.Write(errors);
        AnsiConsole.Write(speed);
    }

    private static string Angle(double? value) =>
        value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
