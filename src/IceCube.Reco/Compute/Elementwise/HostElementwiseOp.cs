namespace IceCube.Reco.Compute;

/// <summary>The pointwise operations of <see cref="HostElementwise"/>.</summary>
internal enum HostElementwiseOp
{
    /// <summary>y = value.</summary>
    Fill = 0,

    /// <summary>y = x.</summary>
    Copy = 1,

    /// <summary>y = alpha * y.</summary>
    Scale = 2,

    /// <summary>y = y + alpha * x.</summary>
    Axpy = 3,

    /// <summary>y = max(0, x) (0 for NaN).</summary>
    Relu = 4,

    /// <summary>y = tanh(x).</summary>
    Tanh = 5,

    /// <summary>y = 1 / (1 + exp(-x)).</summary>
    Sigmoid = 6,

    /// <summary>z = x * (y &gt; 0 ? 1 : 0): the ReLU derivative from the output y, x being dy.</summary>
    ReluBackward = 7,

    /// <summary>z = x * (1 - y^2): the tanh derivative from the output y.</summary>
    TanhBackward = 8,

    /// <summary>z = x * (y (1 - y)): the sigmoid derivative from the output y.</summary>
    SigmoidBackward = 9,
}
