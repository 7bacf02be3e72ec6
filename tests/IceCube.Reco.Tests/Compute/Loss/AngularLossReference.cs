using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of the angular loss on 3 outputs: the mean over the batch of the angle
/// (rad) between the normalised prediction and the target direction.
/// </summary>
/// <remarks>
/// <para>pred [B, 3] and target [B, 3] row-major (x, y, z per event); the target is a unit vector (DATA.md's
/// direction convention) and is used as given, not renormalised. Per event:</para>
/// <code>
/// n = p / |p|
/// cos = clamp(n . y, -(1 - 1e-7), 1 - 1e-7)
/// loss_b = acos(cos)
/// L = (1 / B) sum_b loss_b                      (L = 0 for B = 0)
/// dL/dp = (1 / B) * (-1 / sqrt(1 - cos^2)) * (y - (n . y) n) / |p|
/// </code>
/// <para>
/// The last line is the chain rule through acos and through the normalisation: d(n . y)/dp = (I - n n^T) y / |p|,
/// the part of y perpendicular to n, so scaling p never changes the loss. Where the clamp is active
/// (|n . y| &gt; 1 - 1e-7) the loss is constant in p and the gradient is exactly 0; the clamp keeps
/// 1 / sqrt(1 - cos^2) finite. A zero prediction has no direction and is rejected.
/// </para>
/// </remarks>
internal static class AngularLossReference
{
    /// <summary>The cosine is clamped to +-CosineLimit, keeping acos' derivative finite.</summary>
    public const double CosineLimit = 1.0 - 1e-7;

    /// <summary>The mean angular loss (rad) over the batch.</summary>
    public static double Loss(double[] pred, double[] target, int batch)
    {
        CheckShapes(pred, target, batch);
        if (batch == 0)
        {
            return 0.0;
        }

        double sum = 0.0;
        for (int b = 0; b < batch; b++)
        {
            sum += Math.Acos(Math.Clamp(Cosine(pred, target, b, out _), -CosineLimit, CosineLimit));
        }

        return sum / batch;
    }

    /// <summary>The gradient of the mean loss with respect to pred [B, 3].</summary>
    public static double[] Gradient(double[] pred, double[] target, int batch)
    {
        CheckShapes(pred, target, batch);
        var dpred = new double[pred.Length];
        for (int b = 0; b < batch; b++)
        {
            double cos = Cosine(pred, target, b, out double norm);
            if (cos > CosineLimit || cos < -CosineLimit)
            {
                // The clamp holds the loss constant here: no gradient passes.
                continue;
            }

            double dLossDCos = -1.0 / (Math.Sqrt(1.0 - (cos * cos)) * batch);
            for (int d = 0; d < 3; d++)
            {
                double n = pred[(3 * b) + d] / norm;
                dpred[(3 * b) + d] = dLossDCos * (target[(3 * b) + d] - (cos * n)) / norm;
            }
        }

        return dpred;
    }

    /// <summary>n . y for event b, before clamping, and |p|.</summary>
    private static double Cosine(double[] pred, double[] target, int b, out double norm)
    {
        double px = pred[3 * b], py = pred[(3 * b) + 1], pz = pred[(3 * b) + 2];
        norm = Math.Sqrt((px * px) + (py * py) + (pz * pz));
        if (norm == 0.0)
        {
            throw new ArgumentException($"pred row {b} is the zero vector, which has no direction.", nameof(pred));
        }

        return ((px * target[3 * b]) + (py * target[(3 * b) + 1]) + (pz * target[(3 * b) + 2])) / norm;
    }

    private static void CheckShapes(double[] pred, double[] target, int batch)
    {
        ReferenceArguments.RequireNonNegative(batch, nameof(batch));
        ReferenceArguments.RequireLength(pred, 3L * batch, nameof(pred));
        ReferenceArguments.RequireLength(target, 3L * batch, nameof(target));
    }
}
