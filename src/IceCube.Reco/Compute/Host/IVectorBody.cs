namespace IceCube.Reco.Compute;

/// <summary>
/// A kernel whose blocking depends on the vector width (a register tile, a packed panel), run at one width by
/// <see cref="SimdDispatch.Run{TBody}"/>; it handles its own edges, usually with <see cref="FloatX1"/>.
/// </summary>
internal interface IVectorBody
{
    /// <summary>Runs the whole kernel with vectors of <typeparamref name="TVec"/>.</summary>
    void Run<TVec>()
        where TVec : struct, IFloatVector<TVec>;
}
