namespace IceCube.Reco.Kernels;

/// <summary>The per-event sizes of a masked 1D convolution (the batch size travels separately).</summary>
internal readonly struct Conv1DShape
{
    /// <summary>Creates the sizes; see the properties.</summary>
    public Conv1DShape(int steps, int inChannels, int outChannels, int kernelSize)
    {
        Steps = steps;
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
    }

    /// <summary>Padded sequence length L.</summary>
    public int Steps { get; }

    /// <summary>Input channels Cin.</summary>
    public int InChannels { get; }

    /// <summary>Output channels (filters) Cout.</summary>
    public int OutChannels { get; }

    /// <summary>Odd kernel size K; tap k reads step t + k - K/2.</summary>
    public int KernelSize { get; }
}
