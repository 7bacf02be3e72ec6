namespace IceCube.Reco.Kernels;

/// <summary>
/// Scalars of one Adam / AdamW step. The bias corrections 1 - beta^t are computed on the host in double precision,
/// so the kernel needs no power function and no step counter.
/// </summary>
internal readonly struct AdamSettings
{
    /// <summary>Creates the scalars of one step.</summary>
    public AdamSettings(
        float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled,
        float correction1, float correction2)
    {
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Decoupled = decoupled ? 1 : 0;
        Correction1 = correction1;
        Correction2 = correction2;
    }

    /// <summary>Step size.</summary>
    public float LearningRate { get; }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the root of the corrected second moment.</summary>
    public float Epsilon { get; }

    /// <summary>Weight decay: added to the gradient as an L2 term (Adam) or applied to the weights (AdamW).</summary>
    public float WeightDecay { get; }

    /// <summary>1 for AdamW's decoupled decay, 0 for Adam's L2 term.</summary>
    public int Decoupled { get; }

    /// <summary>1 - beta1^t.</summary>
    public float Correction1 { get; }

    /// <summary>1 - beta2^t.</summary>
    public float Correction2 { get; }
}
