namespace TrainPredictSubmit;

/// <summary>
/// The command line as given. Null means "not given": the run then picks a default that depends on the device,
/// the preset or the checkpoint, and it can tell a user's explicit choice from its own.
/// </summary>
internal sealed record SampleOptions
{
    /// <summary>The dataset folder in the Kaggle layout (simulated into when missing or empty).</summary>
    public string DataDirectory { get; init; } = Path.Combine("data", "simulated");

    /// <summary>Checkpoint to load instead of training, or null.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Checkpoint to continue training from, or null.</summary>
    public string? ResumePath { get; init; }

    /// <summary>Folder for submission.csv, model.icr, metrics.json and the plots.</summary>
    public string OutputDirectory { get; init; } = "out";

    /// <summary>Training events to simulate, or the cap on those used from an existing dataset.</summary>
    public int? TrainEvents { get; init; }

    /// <summary>Test events to simulate, or the cap on those used from an existing dataset.</summary>
    public int? TestEvents { get; init; }

    /// <summary>Passes over the training events.</summary>
    public int? Epochs { get; init; }

    /// <summary>Events per mini-batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Pulses kept per event (the sequence length L).</summary>
    public int? MaxPulses { get; init; }

    /// <summary>Adam's learning rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>"angular", "vmf" or "mse".</summary>
    public string? Loss { get; init; }

    /// <summary>A preset name such as "notebook" or "default"; null lets the run pick one for the device.</summary>
    public string? Preset { get; init; }

    /// <summary>"auto", "cpu", "cuda" or "cuda:N"; null defers to ICECUBE_RECO_DEVICE, then "auto".</summary>
    public string? Device { get; init; }

    /// <summary>Seed of the simulation, the split, the shuffle and the weight initialisation.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>True when --help was given: print the usage and do nothing else.</summary>
    public bool ShowHelp { get; init; }
}
