using System.Diagnostics;
using System.Globalization;
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Simulation;
using IceCube.Reco.Training;
using ScottPlot;

namespace TrainPredictSubmit;

/// <summary>
/// The whole flow of the sample: choose the device and the model, make sure there is data (simulating it when the
/// folder is missing or empty), train (or load a checkpoint), predict the test events, run the LineFit baseline,
/// score everything when the truth is known, and write submission.csv, model.icr, metrics.json and the plots.
/// </summary>
/// <param name="options">The parsed command line.</param>
/// <param name="ui">Where progress and results are printed.</param>
internal sealed class SampleRun(SampleOptions options, ConsoleUi ui)
{
    /// <summary>File name of the submission in the output folder.</summary>
    public const string SubmissionFile = "submission.csv";

    /// <summary>File name of the trained model in the output folder.</summary>
    public const string ModelFile = "model.icr";

    /// <summary>File name of the metrics in the output folder.</summary>
    public const string MetricsFileName = "metrics.json";

    // The test meta's file name, for messages.
    private const string TestMetaFile = "test_meta.parquet";

    // The sample submission's constant guess: both angles 1.0 rad.
    private const double ConstantAngle = 1.0;

    // Share of the train events held out to score each epoch (the competition metric on unseen events).
    private const double ValidationFraction = 0.05;

    // LineFit events between progress reports.
    private const int LineFitReportInterval = 1024;

    /// <summary>The preset names --preset accepts, lower case, from the model API.</summary>
    public static IReadOnlyList<string> PresetNames { get; } =
        Enum.GetNames<ModelPreset>().Select(name => name.ToLowerInvariant()).ToArray();

    /// <summary>Runs the flow.</summary>
    /// <param name="cancellationToken">Ctrl+C: stops between training steps, events or batch files.</param>
    /// <exception cref="UsageException">The device asked for does not exist, or an option does not fit the data.</exception>
    /// <exception cref="InvalidDataException">The data folder or a checkpoint cannot be used.</exception>
    public void Execute(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var device = OpenDevice();
        var defaults = SampleDefaults.For(device.Kind);
        var output = Path.GetFullPath(options.OutputDirectory);
        if (File.Exists(output))
        {
            throw new UsageException($"--out {output} is a file; it must be a folder.");
        }

        ui.Line($"Device: {device}");
        var data = PrepareData(defaults, cancellationToken);
        ui.Line($"Data: {data.Root}{(data.HasTestTruth ? " (with test truth)" : "")}");

        using var model = CreateModel(device, defaults, out var presetLabel);
        ui.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"Model: {presetLabel}, {model.ParameterCount:N0} parameters, loss {model.Loss}, {model.Optimizer}, " +
            $"L = {model.Featurization.MaxPulses} pulses"));
        ui.Line(model.Summary().TrimEnd());

        TrainingHistory? history = null;
        if (options.ModelPath is null)
        {
            history = Train(model, data, defaults, cancellationToken);
            model.Save(Path.Combine(output, ModelFile));
        }

        var testCount = TestCount(data);
        var (eventIds, azimuth, zenith, predictSeconds) =
            Predict(model, data, testCount, options.BatchSize ?? defaults.BatchSize, cancellationToken);
        var lineFit = ui.Phase("LineFit baseline", testCount, progress =>
            LineFitOf(data, eventIds, progress, cancellationToken));
        var display = EventDisplayData.Choose(data, testCount);
        (double[] Azimuth, double[] Zenith)? truth = data.HasTestTruth ? TruthInOrder(data, eventIds) : null;

        Submission.Write(Path.Combine(output, SubmissionFile), eventIds, azimuth, zenith);
        var metrics = Score(truth, azimuth, zenith, lineFit, out var modelStats, out var lineFitStats) with
        {
            ValidationMean = history?.BestValidationAngularError,
            TrainEventsPerSecond = history?.TrainEventsPerSecond,
            PredictEventsPerSecond = testCount / Math.Max(predictSeconds, 1e-9),
            TrainEvents = history?.Epochs.Count > 0 ? history.Epochs[0].TrainEvents : null,
            Epochs = history?.Epochs.Count,
            TestEvents = testCount,
            Device = device.Kind == DeviceKind.Cuda ? "cuda" : "cpu",
            DeviceName = device.Name,
            Preset = presetLabel,
            Parameters = model.ParameterCount,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        metrics.Write(Path.Combine(output, MetricsFileName));
        WritePlots(output, history, model.Loss.Name, truth, (azimuth, zenith), lineFit, display, modelStats, lineFitStats, data.Geometry, presetLabel);
        ui.Summary(metrics, $"model ({presetLabel})");
        ui.Line($"Wrote {SubmissionFile}, {(history is null ? "" : ModelFile + ", ")}{MetricsFileName} and plots to {output}");
    }

    private Device OpenDevice()
    {
        try
        {
            return Device.Select(options.Device);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"device choice: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"--device {options.Device ?? "(from ICECUBE_RECO_DEVICE)"}: {e.Message}");
        }
    }

    // The --data rules are the library's (DatasetPreparer); the sample adds its --model hint and its console output.
    private KaggleDataset PrepareData(SampleDefaults defaults, CancellationToken cancellationToken)
    {
        var trainEvents = options.TrainEvents ?? defaults.TrainEvents;
        var testEvents = options.TestEvents ?? defaults.TestEvents;
        var simulation = new SimulationOptions
        {
            Seed = (ulong)options.Seed,
            TrainEvents = trainEvents,
            TestEvents = testEvents,
        };
        var forTraining = options.ModelPath is null;
        var folder = DatasetFolder.Inspect(options.DataDirectory);
        if (folder.State == DatasetFolderState.TestOnly && forTraining)
        {
            throw new InvalidDataException(
                $"--data {folder.FullPath} holds only the test files; give --model PATH to predict with a trained " +
                "checkpoint, or add train_meta.parquet and train/batch_<n>.parquet to train.");
        }

        if (folder.State is not (DatasetFolderState.Missing or DatasetFolderState.Empty))
        {
            return DatasetPreparer.Prepare(folder.FullPath, simulation, forTraining, cancellationToken: cancellationToken);
        }

        ui.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"Simulating {trainEvents:N0} training and {testEvents:N0} test events into {folder.FullPath} (seed {options.Seed})"));
        return ui.Phase("simulation", trainEvents + (double)testEvents, progress => DatasetPreparer.Prepare(
            folder.FullPath,
            simulation,
            forTraining,
            new SyncProgress<SimulationProgress>(p => progress.Report(
                p.EventsDone, string.Create(CultureInfo.InvariantCulture, $"{p.EventsDone:N0} events"))),
            cancellationToken));
    }

    private Model CreateModel(Device device, SampleDefaults defaults, out string presetLabel)
    {
        var checkpoint = options.ModelPath ?? options.ResumePath;
        if (checkpoint is not null)
        {
            presetLabel = "checkpoint " + Path.GetFileName(checkpoint);
            return Model.Load(device, checkpoint);
        }

        var preset = options.Preset is null ? defaults.Preset : Enum.Parse<ModelPreset>(options.Preset, ignoreCase: true);
        presetLabel = preset.ToString().ToLowerInvariant();
        ui.Line(options.Preset is null
            ? $"Preset: {presetLabel}, picked for the {DeviceLabel(device.Kind)} (--preset to choose)"
            : $"Preset: {presetLabel}");
        var featurization = Model.PresetFeaturization(preset);
        if (options.MaxPulses is { } maxPulses)
        {
            featurization = featurization with { MaxPulses = maxPulses };
        }

        var loss = options.Loss switch
        {
            null => null,
            "vmf" => Loss.VonMisesFisher,
            _ => Loss.Parse(options.Loss),
        };
        var rate = options.LearningRate ?? (preset == defaults.Preset ? defaults.LearningRate : (double?)null);
        var optimizer = rate is { } chosen ? new Adam(learningRate: chosen) : null;
        return Model.FromPreset(device, preset, featurization, loss, optimizer, options.Seed);
    }

    private TrainingHistory Train(Model model, KaggleDataset data, SampleDefaults defaults, CancellationToken cancellationToken)
    {
        var epochs = options.Epochs ?? defaults.Epochs;
        var fit = new FitOptions
        {
            Epochs = epochs,
            BatchSize = options.BatchSize ?? defaults.BatchSize,
            Data = new DatasetOptions
            {
                Seed = options.Seed,
                ValidationFraction = ValidationFraction,
                MaxEvents = options.TrainEvents,
            },
            Schedule = LearningRateSchedule.Cosine(finalFraction: 0.1),
            ClipGradientNorm = 1.0,
        };
        return ui.Phase("training", epochs, progress => model.Fit(
            data,
            fit,
            new SyncProgress<TrainingProgress>(p => progress.Report(EpochsDone(p), Describe(p))),
            cancellationToken));
    }

    // Training progress in epochs: the epoch's completed share of steps; validation counts as the epoch's end.
    private static string DeviceLabel(DeviceKind kind) => kind switch
    {
        DeviceKind.Cuda => "GPU",
        DeviceKind.HostSimd => "CPU",
        _ => "ILGPU CPU accelerator",
    };

    private static double EpochsDone(TrainingProgress p)
    {
        if (p.Phase == TrainingPhase.Validation || p.StepsPerEpoch is not { } steps || steps <= 0)
        {
            return p.Epoch - (p.Phase == TrainingPhase.Validation ? 0.0 : 1.0);
        }

        return p.Epoch - 1 + Math.Min(1.0, (double)p.Step / steps);
    }

    private static string Describe(TrainingProgress p)
    {
        var remaining = p.Remaining is { } r ? $"  ETA {r:hh\\:mm\\:ss}" : "";
        return p.Phase == TrainingPhase.Validation
            ? string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs} validating{remaining}")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}  {p.EventsPerSecond:N0} events/s{remaining}");
    }

    // The number of test events the run predicts: all of the test meta, or the first --test-events of it.
    private int TestCount(KaggleDataset data)
    {
        var available = data.TestEventCount;
        if (available == 0)
        {
            throw new InvalidDataException($"{Path.Combine(data.Root, TestMetaFile)} holds no events.");
        }

        if (options.TestEvents is { } cap)
        {
            return (int)Math.Min(cap, available);
        }

        if (available > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{Path.Combine(data.Root, TestMetaFile)} holds {available} events, more than this sample " +
                "predicts at once; use --test-events.");
        }

        return (int)available;
    }

    // The true directions from test_truth.parquet, in the order of the predicted events.
    private static (double[] Azimuth, double[] Zenith) TruthInOrder(KaggleDataset data, long[] eventIds)
    {
        var truth = data.ReadTestTruth();
        var azimuth = new double[eventIds.Length];
        var zenith = new double[eventIds.Length];
        for (var i = 0; i < eventIds.Length; i++)
        {
            if (!truth.TryGetAngles(eventIds[i], out azimuth[i], out zenith[i]))
            {
                throw new InvalidDataException($"{truth.Source}: test event {eventIds[i]} has no true direction.");
            }
        }

        return (azimuth, zenith);
    }

    private (long[] EventIds, double[] Azimuth, double[] Zenith, double Seconds) Predict(
        Model model, KaggleDataset data, int count, int batchSize, CancellationToken cancellationToken)
    {
        var eventIds = new long[count];
        var azimuth = new double[count];
        var zenith = new double[count];
        var clock = Stopwatch.StartNew();
        ui.Phase("prediction", count, progress =>
        {
            var i = 0;
            foreach (var prediction in model.Predict(data, batchSize, new DatasetOptions { MaxEvents = count }))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i >= count)
                {
                    throw new InvalidOperationException($"The model predicted more than the {count} events asked for.");
                }

                eventIds[i] = prediction.EventId;
                azimuth[i] = prediction.Azimuth;
                zenith[i] = prediction.Zenith;
                i++;
                if (i % batchSize == 0 || i == count)
                {
                    progress.Report(i, string.Create(CultureInfo.InvariantCulture, $"{i:N0} events"));
                }
            }

            if (i != count)
            {
                throw new InvalidOperationException($"The model predicted {i} events; the test meta has {count}.");
            }

            return i;
        });
        return (eventIds, azimuth, zenith, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// LineFit's directions of the predicted test events, in their order: the library's baseline over the same first
    /// test events of the meta, checked to be the events the model predicted.
    /// </summary>
    /// <exception cref="InvalidDataException">The meta lists other events than <paramref name="eventIds"/>, or a batch
    /// file is malformed or does not match the meta.</exception>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    internal static (double[] Azimuth, double[] Zenith) LineFitOf(
        KaggleDataset data, long[] eventIds, PhaseProgress progress, CancellationToken cancellationToken)
    {
        var azimuth = new double[eventIds.Length];
        var zenith = new double[eventIds.Length];
        var done = 0;
        foreach (var fit in LineFitBaseline.Predict(data, eventIds.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (fit.EventId != eventIds[done])
            {
                throw new InvalidDataException(
                    $"{Path.Combine(data.Root, TestMetaFile)}: test event {done} is {fit.EventId}, but {eventIds[done]} " +
                    "was predicted there; the test meta changed while in use.");
            }

            (azimuth[done], zenith[done]) = (fit.Azimuth, fit.Zenith);
            done++;
            if (done % LineFitReportInterval == 0 || done == eventIds.Length)
            {
                progress.Report(done);
            }
        }

        if (done != eventIds.Length)
        {
            throw new InvalidDataException(
                $"The test meta of {data.Root} lists {done} events; {eventIds.Length} were predicted.");
        }

        return (azimuth, zenith);
    }

    private static RunMetrics Score(
        (double[] Azimuth, double[] Zenith)? truth,
        double[] azimuth,
        double[] zenith,
        (double[] Azimuth, double[] Zenith) lineFitAngles,
        out AngularErrorStats? model,
        out AngularErrorStats? lineFit)
    {
        if (truth is not { } known)
        {
            model = null;
            lineFit = null;
            return new RunMetrics();
        }

        var (trueAzimuth, trueZenith) = known;

        model = AngularErrorStats.Of(trueAzimuth, trueZenith, azimuth, zenith);
        lineFit = AngularErrorStats.Of(trueAzimuth, trueZenith, lineFitAngles.Azimuth, lineFitAngles.Zenith);
        var constant = Enumerable.Repeat(ConstantAngle, azimuth.Length).ToArray();
        var constantStats = AngularErrorStats.Of(trueAzimuth, trueZenith, constant, constant);
        return new RunMetrics
        {
            ModelMean = model.Mean,
            ModelMedian = model.Median,
            LineFitMean = lineFit.Mean,
            LineFitMedian = lineFit.Median,
            ConstantMean = constantStats.Mean,
            ConstantMedian = constantStats.Median,
        };
    }

    private void WritePlots(
        string output,
        TrainingHistory? history,
        string lossName,
        (double[] Azimuth, double[] Zenith)? truth,
        (double[] Azimuth, double[] Zenith) model,
        (double[] Azimuth, double[] Zenith) lineFit,
        EventDisplayData display,
        AngularErrorStats? modelStats,
        AngularErrorStats? lineFitStats,
        SensorGeometry geometry,
        string presetLabel)
    {
        if (history is not null && history.Epochs.Count > 0)
        {
            PlotWriter.TrainingCurves(
                Path.Combine(output, PlotWriter.CurvesFile),
                history.Epochs.Select(e => e.TrainLoss).ToArray(),
                history.Epochs.Select(e => e.ValidationAngularError ?? double.NaN).ToArray(),
                lossName,
                lineFitStats?.Mean);
        }

        if (modelStats is not null && lineFitStats is not null)
        {
            PlotWriter.ErrorHistogram(
                Path.Combine(output, PlotWriter.HistogramFile), modelStats.Errors, lineFitStats.Errors, $"model ({presetLabel})");
        }
        else
        {
            ui.Line("No test truth in this dataset: the angular-error histogram is skipped.");
        }

        var shown = display.TestIndex;
        var directions = new List<(string, double, double, Color)>();
        if (truth is { } known)
        {
            directions.Add(("truth", known.Azimuth[shown], known.Zenith[shown], Colors.Black));
        }

        directions.Add(("model", model.Azimuth[shown], model.Zenith[shown], Colors.SteelBlue));
        directions.Add(("LineFit", lineFit.Azimuth[shown], lineFit.Zenith[shown], Colors.Orange));
        PlotWriter.EventDisplay(Path.Combine(output, PlotWriter.EventDisplayFile), display, geometry, directions);
    }
}
