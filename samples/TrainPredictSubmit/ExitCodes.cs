namespace TrainPredictSubmit;

/// <summary>The process exit codes, documented in the README: scripts branch on them.</summary>
internal static class ExitCodes
{
    /// <summary>The run finished and wrote every output.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug, a full disk, a device error); the details go to stderr.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line: an unknown option, a bad value, or options that contradict each other.</summary>
    public const int Usage = 2;

    /// <summary>Bad data: a partial dataset folder, a malformed file, a corrupt or mismatched checkpoint.</summary>
    public const int BadData = 3;

    /// <summary>Interrupted with Ctrl+C, the code shells give a process ended by SIGINT.</summary>
    public const int Cancelled = 130;
}
