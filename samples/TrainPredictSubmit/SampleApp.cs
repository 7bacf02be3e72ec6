namespace TrainPredictSubmit;

/// <summary>
/// The process shell around <see cref="SampleRun"/>: parses the command line, turns Ctrl+C into cancellation, and
/// maps failures to exit codes with a one-line message: user errors never show a stack trace.
/// </summary>
internal static class SampleApp
{
    /// <summary>Runs the sample and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args)
    {
        var presets = SampleRun.PresetNames;
        var ui = new ConsoleUi(interactive: !Console.IsOutputRedirected);
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops the run cleanly between steps; a second one ends the process at once.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var options = OptionParser.Parse(args, presets);
            if (options.ShowHelp)
            {
                Console.Out.WriteLine(OptionParser.UsageFor(presets));
                return ExitCodes.Success;
            }

            new SampleRun(options, ui).Execute(cancellation.Token);
            return ExitCodes.Success;
        }
        catch (UsageException e)
        {
            Error(e.Message);
            Console.Error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            Error(e.Message);
            return ExitCodes.BadData;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Error("interrupted; the outputs written before the interruption are complete, nothing is half-written.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            // Not a user error: the details are what a bug report needs.
            Error($"unexpected failure: {e.Message}");
            Console.Error.WriteLine(e);
            return ExitCodes.Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void Error(string message) => Console.Error.WriteLine($"error: {message}");
}
