namespace IceCube.Reco.Compute;

/// <summary>Which LSTM recurrence kernels the launcher uses.</summary>
internal enum LstmVariant
{
    /// <summary>
    /// <see cref="Kernels.LstmKernels"/>: one work item carries four events through all their steps. The CPU
    /// accelerator's choice (a few fat threads, no barriers).
    /// </summary>
    PerEvent = 0,

    /// <summary>
    /// <see cref="Kernels.LstmGroupKernels"/>: one thread group per four events, one thread per gate column, two
    /// barriers per step. The CUDA choice: the per-event kernels leave a GPU with a few hundred busy threads.
    /// </summary>
    Grouped = 1,
}
