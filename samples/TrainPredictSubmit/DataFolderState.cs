namespace TrainPredictSubmit;

/// <summary>What a --data folder holds, which decides whether the run simulates, uses or refuses it.</summary>
internal enum DataFolderState
{
    /// <summary>The folder does not exist: simulate into it.</summary>
    Missing,

    /// <summary>The folder exists and holds nothing: simulate into it.</summary>
    Empty,

    /// <summary>Every file of the layout is there: train, test and the shared files.</summary>
    Complete,

    /// <summary>Only the test half and the shared files: enough to predict with --model.</summary>
    TestOnly,

    /// <summary>Something is there but the layout is incomplete: never simulated over.</summary>
    Partial,
}
