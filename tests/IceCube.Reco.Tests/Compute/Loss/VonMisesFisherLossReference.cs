using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The double-precision specification of the von Mises-Fisher negative log-likelihood for directions on the
/// unit sphere in 3D, with the 3 outputs read as v = kappa * mu: kappa = |v| is the concentration (about
/// 1 / sigma^2 for an angular spread sigma in rad; a per-event certainty), mu = v / kappa the predicted direction.
/// </summary>
/// <remarks>
/// <para>The vMF density on the unit sphere is C3(kappa) exp(kappa mu . y) with
/// C3(kappa) = kappa / (4 pi sinh(kappa)). Per event, with the unit target y:</para>
/// <code>
/// NLL = -log C3(kappa) - v . y = log(4 pi) + log(sinh(kappa) / kappa) - v . y
/// dNLL/dv = A(kappa) * v / kappa - y,   A(kappa) = coth(kappa) - 1/kappa   (the Langevin function)
/// L = (1 / B) sum_b NLL_b,   dL/dv = (1 / B) dNLL/dv   (L = 0 for B = 0)
/// </code>
/// <para>
/// Both kappa-dependent terms are evaluated in three ranges so that neither cancels nor overflows:
/// below <see cref="SmallKappa"/> by their Taylor series (log(sinh k / k) = k^2/6 - k^4/180 + ...,
/// A(k)/k = 1/3 - k^2/45 + ..., which also give the exact limits at kappa = 0: NLL = log(4 pi), dNLL/dv = -y);
/// above <see cref="LargeKappa"/> through log sinh k = k + log1p(-exp(-2k)) - log 2, which never forms
/// sinh(k) (it overflows past k ~ 710); and directly in between.
/// </para>
/// </remarks>
internal static class VonMisesFisherLossReference
{
    /// <summary>Below this kappa the series are used; their first dropped terms are below 3e-16 in absolute value.</summary>
    public const double SmallKappa = 0.1;

    /// <summary>Above this kappa the log-sinh identity is used; sinh(20) ~ 2.4e8 is still far from overflow.</summary>
    public const double LargeKappa = 20.0;

    /// <summary>The mean negative log-likelihood over the batch.</summary>
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
            sum += EventLoss(pred[3 * b], pred[(3 * b) + 1], pred[(3 * b) + 2], target[3 * b], target[(3 * b) + 1], target[(3 * b) + 2]);
        }

        return sum / batch;
    }

    /// <summary>The per-event negative log-likelihood of v = (vx, vy, vz) against the unit target y.</summary>
    public static double EventLoss(double vx, double vy, double vz, double yx, double yy, double yz)
    {
        double kappa = Math.Sqrt((vx * vx) + (vy * vy) + (vz * vz));
        return Math.Log(4.0 * Math.PI) + LogSinhOverKappa(kappa) - ((vx * yx) + (vy * yy) + (vz * yz));
    }

    /// <summary>The gradient of the mean loss with respect to pred [B, 3].</summary>
    public static double[] Gradient(double[] pred, double[] target, int batch)
    {
        CheckShapes(pred, target, batch);
        var dpred = new double[pred.Length];
        for (int b = 0; b < batch; b++)
        {
            double vx = pred[3 * b], vy = pred[(3 * b) + 1], vz = pred[(3 * b) + 2];
            double ratio = LangevinOverKappa(Math.Sqrt((vx * vx) + (vy * vy) + (vz * vz)));
            for (int d = 0; d < 3; d++)
            {
                dpred[(3 * b) + d] = ((ratio * pred[(3 * b) + d]) - target[(3 * b) + d]) / batch;
            }
        }

        return dpred;
    }

    /// <summary>log(sinh(kappa) / kappa), accurate for every kappa &gt;= 0.</summary>
    public static double LogSinhOverKappa(double kappa)
    {
        if (kappa < SmallKappa)
        {
            // sum_n 2^(2n) B_2n k^(2n) / (2n (2n)!), through k^8; the k^10 term (k^10 / 467775) is < 3e-16 here.
            double k2 = kappa * kappa;
            return k2 * ((1.0 / 6.0) + (k2 * ((-1.0 / 180.0) + (k2 * ((1.0 / 2835.0) + (k2 * (-1.0 / 37800.0)))))));
        }

        if (kappa > LargeKappa)
        {
            // log sinh k = k + log1p(-exp(-2k)) - log 2 never overflows. Here exp(-2k) < 5e-18, so the log1p
            // term is below double's resolution of a sum of order k and plain log(1 - e) is as exact.
            return kappa + Math.Log(1.0 - Math.Exp(-2.0 * kappa)) - Math.Log(2.0) - Math.Log(kappa);
        }

        return Math.Log(Math.Sinh(kappa) / kappa);
    }

    /// <summary>A(kappa) / kappa = (coth(kappa) - 1/kappa) / kappa, accurate for every kappa &gt;= 0 (1/3 at 0).</summary>
    public static double LangevinOverKappa(double kappa)
    {
        if (kappa < SmallKappa)
        {
            // coth k - 1/k = sum_n 2^(2n) B_2n k^(2n-1) / (2n)!, divided by k, through k^8; the next term
            // (about 2.2e-6 k^10) is < 3e-16 here. The direct form would cancel 1/k against coth k.
            double k2 = kappa * kappa;
            return (1.0 / 3.0) + (k2 * ((-1.0 / 45.0) + (k2 * ((2.0 / 945.0) + (k2 * ((-1.0 / 4725.0) + (k2 * (2.0 / 93555.0))))))));
        }

        // tanh(k) rounds to 1 for large k, where A(k) = 1 - 1/k is exact to double precision anyway.
        return ((1.0 / Math.Tanh(kappa)) - (1.0 / kappa)) / kappa;
    }

    private static void CheckShapes(double[] pred, double[] target, int batch)
    {
        ReferenceArguments.RequireNonNegative(batch, nameof(batch));
        ReferenceArguments.RequireLength(pred, 3L * batch, nameof(pred));
        ReferenceArguments.RequireLength(target, 3L * batch, nameof(target));
    }
}
