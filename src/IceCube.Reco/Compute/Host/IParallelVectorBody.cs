namespace IceCube.Reco.Compute;

/// <summary>
/// Parallel work at one vector width, run by <see cref="SimdDispatch.For{TBody}"/>: as <see cref="IParallelBody"/>,
/// fixed chunks that write only their own outputs, each processed with vectors of the width chosen once per call.
/// </summary>
internal interface IParallelVectorBody
{
    /// <summary>Processes chunk <paramref name="chunk"/> with vectors of <typeparamref name="TVec"/>.</summary>
    void Run<TVec>(int chunk)
        where TVec : struct, IFloatVector<TVec>;
}
