using System.Globalization;

namespace IceCube.Reco.Kernels;

/// <summary>
/// Adam's settings, and the scalars of one step as the kernels take them. Without <see cref="Decoupled"/> the weight
/// decay adds WeightDecay * p to the gradient (Adam with an L2 term, as PyTorch's Adam); with it the weights shrink
/// directly by LearningRate * WeightDecay * p (AdamW). The bias corrections 1 - beta^t are set per step on the host
/// in double precision (<see cref="AtStep"/>), so the kernels need no power function and no step counter.
/// </summary>
internal readonly record struct AdamSettings
{
    // An int, not a bool: kernel arguments must be blittable.
    private readonly int decoupled;

    /// <summary>Settings with no step applied yet (both corrections 1).</summary>
    public AdamSettings(
        float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, float weightDecay = 0f,
        bool decoupled = false)
    {
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
        Correction1 = 1f;
        Correction2 = 1f;
    }

    /// <summary>Step size.</summary>
    public float LearningRate { get; init; }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; init; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; init; }

    /// <summary>Added to the root of the corrected second moment.</summary>
    public float Epsilon { get; init; }

    /// <summary>Weight decay: added to the gradient as an L2 term (Adam) or applied to the weights (AdamW).</summary>
    public float WeightDecay { get; init; }

    /// <summary>True for AdamW's decoupled decay, false for Adam's L2 term.</summary>
    public bool Decoupled
    {
        get => decoupled != 0;
        init => decoupled = value ? 1 : 0;
    }

    /// <summary>1 - beta1^t.</summary>
    public float Correction1 { get; private init; }

    /// <summary>1 - beta2^t.</summary>
    public float Correction2 { get; private init; }

    /// <summary>The same settings with the bias corrections of step <paramref name="step"/> (from 1).</summary>
    public AdamSettings AtStep(int step) => this with
    {
        Correction1 = (float)(1.0 - Math.Pow(Beta1, step)),
        Correction2 = (float)(1.0 - Math.Pow(Beta2, step)),
    };

    /// <summary>The settings, for messages.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"learning rate {LearningRate}, beta1 {Beta1}, beta2 {Beta2}, epsilon {Epsilon}, weight decay {WeightDecay}{(Decoupled ? " (decoupled)" : string.Empty)}");
}
