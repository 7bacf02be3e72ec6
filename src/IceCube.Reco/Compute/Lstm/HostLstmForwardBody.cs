using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>One <see cref="HostLstm.Forward"/> call as parallel work: chunk = block of events of one direction.</summary>
internal readonly unsafe struct HostLstmForwardBody : IParallelVectorBody
{
    private readonly LstmShape shape;
    private readonly float* lengths;
    private readonly float* gates;
    private readonly float* cells;
    private readonly float* previousHidden;
    private readonly float* output;
    private readonly float* forwardRecurrent;
    private readonly float* reverseRecurrent;

    /// <summary>Captures the operands of one forward call (see <see cref="HostLstm.Forward"/>).</summary>
    public HostLstmForwardBody(
        LstmShape shape, float* lengths, float* gates, float* cells, float* previousHidden, float* output,
        float* forwardRecurrent, float* reverseRecurrent)
    {
        this.shape = shape;
        this.lengths = lengths;
        this.gates = gates;
        this.cells = cells;
        this.previousHidden = previousHidden;
        this.output = output;
        this.forwardRecurrent = forwardRecurrent;
        this.reverseRecurrent = reverseRecurrent;
    }

    /// <inheritdoc />
    public void Run<TVec>(int chunk)
        where TVec : struct, IFloatVector<TVec> =>
        HostLstm.ForwardBlock<TVec>(
            shape, chunk, lengths, gates, cells, previousHidden, output, forwardRecurrent, reverseRecurrent);
}
