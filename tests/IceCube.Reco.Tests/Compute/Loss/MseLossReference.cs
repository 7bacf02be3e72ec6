using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of the mean squared error on (azimuth, zenith), the original
/// notebook's loss, with Keras' semantics: the mean over the last axis, then over the batch, which is the
/// mean over all B * 2 squared differences (rad^2).
/// </summary>
/// <remarks>
/// pred [B, 2] and target [B, 2] row-major, (azimuth, zenith) per event, no angle wrapping:
/// <c>L = (1 / (2B)) sum_{b, j} (p[b, j] - t[b, j])^2</c>, L = 0 for B = 0;
/// <c>dL/dp[b, j] = (p[b, j] - t[b, j]) / B</c> (the 2 of the square cancels the 2 of the mean).
/// </remarks>
internal static class MseLossReference
{
    /// <summary>The outputs per event: azimuth and zenith.</summary>
    public const int Outputs = 2;

    /// <summary>The mean squared error over the batch and both angles.</summary>
    public static double Loss(double[] pred, double[] target, int batch)
    {
        CheckShapes(pred, target, batch);
        if (batch == 0)
        {
            return 0.0;
        }

        double sum = 0.0;
        for (int i = 0; i < pred.Length; i++)
        {
            double d = pred[i] - target[i];
            sum += d * d;
        }

        return sum / (Outputs * batch);
    }

    /// <summary>The gradient of the loss with respect to pred [B, 2].</summary>
    public static double[] Gradient(double[] pred, double[] target, int batch)
    {
        CheckShapes(pred, target, batch);
        var dpred = new double[pred.Length];
        for (int i = 0; i < pred.Length; i++)
        {
            dpred[i] = 2.0 * (pred[i] - target[i]) / (Outputs * batch);
        }

        return dpred;
    }

    private static void CheckShapes(double[] pred, double[] target, int batch)
    {
        ReferenceArguments.RequireNonNegative(batch, nameof(batch));
        ReferenceArguments.RequireLength(pred, (long)Outputs * batch, nameof(pred));
        ReferenceArguments.RequireLength(target, (long)Outputs * batch, nameof(target));
    }
}
