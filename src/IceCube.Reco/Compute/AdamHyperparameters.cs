namespace IceCube.Reco.Compute;

/// <summary>
/// Adam's settings. <paramref name="Decoupled"/> = false adds WeightDecay * p to the gradient (Adam with an L2
/// term, as PyTorch's Adam); true shrinks the weights directly by LearningRate * WeightDecay * p (AdamW).
/// </summary>
internal readonly record struct AdamHyperparameters(
    float LearningRate = 1e-3f,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-7f,
    float WeightDecay = 0f,
    bool Decoupled = false);
