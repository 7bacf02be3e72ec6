namespace IceCube.Reco.Kernels;

/// <summary>
/// Sizes of one LSTM recurrence launch. Per-direction buffers (gates [D, C, L, 4H], cells and previous hidden
/// states [D, C, L, H]) are allocated for a batch capacity C and the launch covers their first
/// <see cref="Batch"/> events, so each direction's block starts a fixed stride apart whatever the batch.
/// </summary>
internal readonly struct LstmShape
{
    /// <summary>Creates a launch description; see the properties for the meaning of each argument.</summary>
    public LstmShape(int batch, int steps, int hidden, int directions, int capacity)
    {
        Batch = batch;
        Steps = steps;
        Hidden = hidden;
        Directions = directions;
        GateDirectionStride = (long)capacity * steps * 4 * hidden;
        StateDirectionStride = (long)capacity * steps * hidden;
    }

    /// <summary>Events in the batch (B').</summary>
    public int Batch { get; }

    /// <summary>Padded sequence length L.</summary>
    public int Steps { get; }

    /// <summary>Units H of one direction.</summary>
    public int Hidden { get; }

    /// <summary>1 (forward only) or 2 (forward, then reverse).</summary>
    public int Directions { get; }

    /// <summary>Floats between the gate blocks of consecutive directions (C * L * 4H).</summary>
    public long GateDirectionStride { get; }

    /// <summary>Floats between the state blocks of consecutive directions (C * L * H).</summary>
    public long StateDirectionStride { get; }
}
