namespace IceCube.Reco.Data;

/// <summary>
/// What a dataset folder holds (see <see cref="DatasetFolder.Inspect"/>), which decides whether it is simulated
/// into, used for training and prediction, used for prediction only, or refused.
/// </summary>
public enum DatasetFolderState
{
    /// <summary>The folder does not exist: a dataset may be simulated into it.</summary>
    Missing,

    /// <summary>The folder exists and holds nothing: a dataset may be simulated into it.</summary>
    Empty,

    /// <summary>Every file of the layout is there: train, test and the shared files.</summary>
    Complete,

    /// <summary>Only the test half and the shared files: enough to predict with a trained model, not to train.</summary>
    TestOnly,

    /// <summary>Something is there but the layout is incomplete: never simulated over, since it may be a user's.</summary>
    Partial,
}
