using System.Globalization;
using System.Text.RegularExpressions;

namespace TrainPredictSubmit;

/// <summary>
/// Parses the sample's command line: "--name value" or "--name=value", each option at most once. Every problem is a
/// <see cref="UsageException"/> whose one-line message names the option, so the user never sees a stack trace.
/// </summary>
internal static partial class OptionParser
{
    /// <summary>The losses the model API offers, as typed on the command line.</summary>
    public static readonly IReadOnlyList<string> Losses = ["angular", "vmf", "mse"];

    /// <summary>The usage text printed by --help and after a usage error.</summary>
    public const string Usage =
        """
        Usage: dotnet run -c Release --project samples/TrainPredictSubmit -- [options]

        Simulates a dataset when --data is missing or empty, trains the model (or loads one), predicts the test
        events and writes submission.csv, model.icr, metrics.json and PNG plots.

          --data DIR            dataset in the Kaggle layout (default ./data/simulated)
          --model PATH          load this checkpoint and skip training
          --resume PATH         continue training from this checkpoint
          --out DIR             output folder (default ./out)
          --train-events N      events to simulate; on an existing dataset, a cap on those used
          --test-events N       as --train-events, for the test events
          --epochs N            passes over the training events
          --batch-size N        events per mini-batch
          --max-pulses N        pulses kept per event
          --lr X                learning rate of Adam
          --loss NAME           angular | vmf | mse
          --preset NAME         {presets} (default: picked for the device)
          --device NAME         auto | cpu | ilgpu-cpu | cuda | cuda:N (default: ICECUBE_RECO_DEVICE, then auto)
          --seed N              seed of simulation, split, shuffle and initial weights (default 1)
          --help                print this text

        Exit codes: 0 done, 2 bad command line, 3 bad data or checkpoint, 1 unexpected failure, 130 interrupted.
        """;

    /// <summary>The usage text with the preset names filled in.</summary>
    public static string UsageFor(IReadOnlyList<string> presets) => Usage.Replace("{presets}", string.Join(" | ", presets));

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The command-line arguments after "--".</param>
    /// <param name="presets">The preset names the model API offers, lower case.</param>
    /// <returns>The options; <see cref="SampleOptions.ShowHelp"/> is set when --help was given.</returns>
    /// <exception cref="UsageException">An unknown option, a missing or bad value, a repeated option, or options
    /// that contradict each other.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args, IReadOnlyList<string> presets)
    {
        var options = new SampleOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                return new SampleOptions { ShowHelp = true };
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}'; options start with -- (see --help).");
            }

            string name;
            string? value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
                value = i + 1 < args.Count ? args[++i] : null;
            }

            if (!seen.Add(name))
            {
                throw new UsageException($"{name} is given more than once.");
            }

            options = Apply(options, name, Required(name, value), presets);
        }

        CheckCombinations(options, seen);
        return options;
    }

    private static SampleOptions Apply(SampleOptions options, string name, string value, IReadOnlyList<string> presets) =>
        name switch
        {
            "--data" => options with { DataDirectory = value },
            "--model" => options with { ModelPath = value },
            "--resume" => options with { ResumePath = value },
            "--out" => options with { OutputDirectory = value },
            "--train-events" => options with { TrainEvents = Count(name, value) },
            "--test-events" => options with { TestEvents = Count(name, value) },
            "--epochs" => options with { Epochs = Count(name, value) },
            "--batch-size" => options with { BatchSize = Count(name, value) },
            "--max-pulses" => options with { MaxPulses = Count(name, value) },
            "--lr" => options with { LearningRate = LearningRate(name, value) },
            "--loss" => options with { Loss = OneOf(name, value, Losses) },
            "--preset" => options with { Preset = OneOf(name, value, presets) },
            "--device" => options with { Device = DeviceName(name, value) },
            "--seed" => options with { Seed = Seed(name, value) },
            _ => throw new UsageException($"unknown option {name} (see --help)."),
        };

    // --model means "the checkpoint decides": options that would change its architecture, featurisation or
    // training contradict it rather than being silently ignored.
    private static void CheckCombinations(SampleOptions options, HashSet<string> seen)
    {
        if (options.ModelPath is not null)
        {
            foreach (var conflicting in new[] { "--preset", "--max-pulses", "--epochs", "--resume", "--lr", "--loss" })
            {
                if (seen.Contains(conflicting))
                {
                    throw new UsageException(
                        $"--model loads a trained checkpoint and skips training; {conflicting} cannot be given with it.");
                }
            }
        }

        if (options.ResumePath is not null)
        {
            foreach (var conflicting in new[] { "--preset", "--max-pulses", "--lr", "--loss" })
            {
                if (seen.Contains(conflicting))
                {
                    throw new UsageException(
                        $"--resume continues the checkpoint's model, whose architecture, featurisation, loss and " +
                        "optimizer win; " +
                        $"{conflicting} cannot be given with it.");
                }
            }
        }
    }

    private static string Required(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || (value.StartsWith("--", StringComparison.Ordinal) && value.Length > 2))
        {
            throw new UsageException($"{name} needs a value (see --help).");
        }

        return value;
    }

    private static int Count(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new UsageException($"{name} must be a whole number of at least 1, got '{value}'.");
        }

        return count;
    }

    private static int Seed(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) || seed < 0)
        {
            throw new UsageException($"{name} must be a whole number of at least 0, got '{value}'.");
        }

        return seed;
    }

    private static double LearningRate(string name, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ||
            !double.IsFinite(rate) || rate <= 0.0 || rate > 1.0)
        {
            throw new UsageException($"{name} must be a number in (0, 1], got '{value}'.");
        }

        return rate;
    }

    private static string OneOf(string name, string value, IReadOnlyList<string> allowed)
    {
        var lower = value.ToLowerInvariant();
        if (!allowed.Contains(lower))
        {
            throw new UsageException($"{name} must be one of {string.Join(", ", allowed)}; got '{value}'.");
        }

        return lower;
    }

    private static string DeviceName(string name, string value)
    {
        var lower = value.ToLowerInvariant();
        if (!DevicePattern().IsMatch(lower))
        {
            throw new UsageException($"{name} must be auto, cpu, host-simd, ilgpu-cpu, cuda or cuda:N with N a device index; got '{value}'.");
        }

        return lower;
    }

    [GeneratedRegex(@"^(auto|cpu|host-simd|ilgpu-cpu|cuda|cuda:\d{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex DevicePattern();
}
