using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// One <see cref="HostLstmInference.Run"/> call as parallel work (chunk = block of events of one direction): the
/// operands every block reads, by address.
/// </summary>
internal readonly unsafe struct HostLstmInferenceBody : IParallelVectorBody
{
    /// <summary>Captures the operands of one inference call (see <see cref="HostLstmInference.Run"/>).</summary>
    public HostLstmInferenceBody(
        LstmShape shape, int inputs, float* lengths, float* input, float* output, float* forwardKernel,
        float* forwardRecurrent, float* forwardBias, float* reverseKernel, float* reverseRecurrent, float* reverseBias,
        float* scratch)
    {
        Shape = shape;
        Inputs = inputs;
        Lengths = lengths;
        Input = input;
        Output = output;
        ForwardKernel = forwardKernel;
        ForwardRecurrent = forwardRecurrent;
        ForwardBias = forwardBias;
        ReverseKernel = reverseKernel;
        ReverseRecurrent = reverseRecurrent;
        ReverseBias = reverseBias;
        Scratch = scratch;
    }

    /// <summary>Batch, steps, units and directions of the call.</summary>
    public LstmShape Shape { get; }

    /// <summary>Input channels Cin.</summary>
    public int Inputs { get; }

    /// <summary>Lengths [B'] as exact float integers.</summary>
    public float* Lengths { get; }

    /// <summary>The input x [B', L, Cin].</summary>
    public float* Input { get; }

    /// <summary>The output h [B', L, D * H].</summary>
    public float* Output { get; }

    /// <summary>W [Cin, 4H] of direction 0.</summary>
    public float* ForwardKernel { get; }

    /// <summary>U [H, 4H] of direction 0.</summary>
    public float* ForwardRecurrent { get; }

    /// <summary>Bias [4H] of direction 0.</summary>
    public float* ForwardBias { get; }

    /// <summary>W of direction 1 (null for one direction).</summary>
    public float* ReverseKernel { get; }

    /// <summary>U of direction 1 (null for one direction).</summary>
    public float* ReverseRecurrent { get; }

    /// <summary>Bias of direction 1 (null for one direction).</summary>
    public float* ReverseBias { get; }

    /// <summary><see cref="HostLstmInference.ScratchLength"/> floats, the zero row first.</summary>
    public float* Scratch { get; }

    /// <inheritdoc />
    public void Run<TVec>(int chunk)
        where TVec : struct, IFloatVector<TVec> => HostLstmInference.Block<TVec>(this, chunk);
}
