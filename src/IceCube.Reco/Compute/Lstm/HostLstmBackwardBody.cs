using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>One <see cref="HostLstm.Backward"/> call as parallel work: chunk = block of events of one direction.</summary>
internal readonly unsafe struct HostLstmBackwardBody : IParallelVectorBody
{
    private readonly LstmShape shape;
    private readonly float* lengths;
    private readonly float* gates;
    private readonly float* cells;
    private readonly float* outputGradient;
    private readonly float* gateGradient;
    private readonly float* carry;
    private readonly float* transposed;

    /// <summary>
    /// Captures the operands of one backward call: <paramref name="carry"/> holds dh and dc per direction and event,
    /// <paramref name="transposed"/> U^T per direction (see <see cref="HostLstm.BackwardScratchLength"/>).
    /// </summary>
    public HostLstmBackwardBody(
        LstmShape shape, float* lengths, float* gates, float* cells, float* outputGradient, float* gateGradient,
        float* carry, float* transposed)
    {
        this.shape = shape;
        this.lengths = lengths;
        this.gates = gates;
        this.cells = cells;
        this.outputGradient = outputGradient;
        this.gateGradient = gateGradient;
        this.carry = carry;
        this.transposed = transposed;
    }

    /// <inheritdoc />
    public void Run<TVec>(int chunk)
        where TVec : struct, IFloatVector<TVec> =>
        HostLstm.BackwardBlock<TVec>(
            shape, chunk, lengths, gates, cells, outputGradient, gateGradient, carry, transposed);
}
