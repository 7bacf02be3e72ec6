namespace IceCube.Reco.Layers;

/// <summary>
/// Keras' Bidirectional(LSTM(H, return_sequences=True)) with masking: [B, L, Cin] to [B, L, 2H], the forward
/// direction's h in channels 0 .. H - 1 and the reverse direction's (run from each event's last real pulse back to
/// its first) in H .. 2H - 1; 0 at t &gt;= len.
/// </summary>
/// <remarks>
/// Parameters, in order: forward/kernel [Cin, 4H], forward/recurrent_kernel [H, 4H], forward/bias [4H], then the
/// same three for backward/ (Keras' name for the reverse direction). Each direction has the layout and
/// initialisation documented on <see cref="Lstm"/> (gate blocks i, f, g, o; Glorot uniform kernel, orthogonal
/// recurrent kernel, forget-gate bias 1), drawn from its own seed stream.
/// </remarks>
internal sealed class BiLstm : Lstm
{
    /// <summary>A bidirectional LSTM of <paramref name="units"/> hidden units per direction, returning sequences.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is below 1.</exception>
    public BiLstm(string name, int units)
        : base(name, units, directions: 2)
    {
    }

    /// <inheritdoc />
    public override string Kind => "BiLstm";

    /// <inheritdoc />
    protected override string ParameterPrefix(int direction) => direction == 0 ? "forward/" : "backward/";
}
