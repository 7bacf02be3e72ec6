namespace IceCube.Reco.Compute;

/// <summary>
/// An element loop written once for every width, run by <see cref="SimdDispatch.Ladder{TBody}"/>: widest vectors
/// first, then each narrower width, then single floats for the tail. Its elements must be independent of one another
/// (each computed by the same lane operations whatever vector it falls in), so the split changes no bit.
/// </summary>
/// <remarks>
/// A body holds its operands and passes them to a static generic loop as parameters: there the JIT keeps them in
/// registers, where fields read through the body's reference inside the loop are loaded again on every iteration.
/// </remarks>
internal interface IVectorLoopBody
{
    /// <summary>
    /// Processes whole vectors of <typeparamref name="TVec"/> from element <paramref name="start"/> while they fit, and
    /// returns the first element it left (the next width's start).
    /// </summary>
    int Run<TVec>(int start)
        where TVec : struct, IFloatVector<TVec>;
}
