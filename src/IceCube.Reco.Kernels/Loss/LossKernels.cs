using ILGPU;
using ILGPU.Algorithms;

namespace IceCube.Reco.Kernels;

/// <summary>
/// The losses on predictions p [B, n] against targets y [B, n] (row-major), in two launches: <see cref="PerEvent"/>
/// writes each event's loss and, optionally, dL/dp of the batch MEAN (so already divided by B) and the vMF
/// concentration kappa = |p|; <see cref="Mean"/> adds the per-event losses in event order, a deterministic mean.
/// The per-event math runs in double: it is a handful of operations per event, and acos near the clamp or
/// log sinh at large kappa keep their accuracy that way.
/// <list type="bullet">
/// <item>Angular (n = 3): c = clamp(p . y / max(|p|, 1e-12), +-(1 - 1e-7)); loss = acos(c);
/// dL/dp = -(y - c n) / (sqrt(1 - c^2) max(|p|, 1e-12) B) with n = p / max(|p|, 1e-12), and 0 where the clamp
/// holds. The max keeps a zero prediction finite (loss pi/2) instead of NaN.</item>
/// <item>MSE: loss = (1 / n) sum_j (p_j - y_j)^2; dL/dp = 2 (p - y) / (n B).</item>
/// <item>von Mises-Fisher (n = 3, p = kappa mu): loss = log(4 pi) + log(sinh(kappa) / kappa) - p . y;
/// dL/dp = (A(kappa) / kappa p - y) / B with A the Langevin function coth(kappa) - 1 / kappa. Both kappa terms
/// use series below kappa = 0.1 and, above kappa = 20, log sinh k = k + log(1 - exp(-2k)) - log 2 and
/// coth k = (1 + exp(-2k)) / (1 - exp(-2k)), so neither cancels nor overflows.</item>
/// </list>
/// </summary>
internal static class LossKernels
{
    /// <summary>Cosine clamp of the angular loss: keeps acos' derivative finite.</summary>
    public const double CosineLimit = 1.0 - 1e-7;

    /// <summary>Smallest norm a prediction is divided by in the angular loss.</summary>
    public const double NormFloor = 1e-12;

    /// <summary>Below this kappa the vMF terms use their Taylor series.</summary>
    public const double SmallKappa = 0.1;

    /// <summary>Above this kappa log sinh uses the overflow-free identity.</summary>
    public const double LargeKappa = 20.0;

    /// <summary>
    /// Item = event b. Writes loss[b]; writes gradient[b, :] when <paramref name="withGradient"/> is 1 and
    /// kappa[b] when <paramref name="withKappa"/> is 1 (views that are not written may be any placeholder).
    /// </summary>
    public static void PerEvent(
        Index1D worker, Chunking work,
        ArrayView<float> prediction, ArrayView<float> target, ArrayView<float> loss, ArrayView<float> gradient,
        ArrayView<float> kappa, LossKind kind, int outputs, int batch, int withGradient, int withKappa)
    {
        double inverseBatch = 1.0 / batch;
        for (long block = worker; work.Start(block) < work.Count; block += work.Workers)
        {
            long end = work.End(block);
            for (long b = work.Start(block); b < end; b++)
            {
                long row = b * outputs;
                if (kind == LossKind.MeanSquaredError)
                {
                    double sum = 0.0;
                    for (int j = 0; j < outputs; j++)
                    {
                        double d = (double)prediction[row + j] - target[row + j];
                        sum += d * d;
                        if (withGradient != 0)
                        {
                            gradient[row + j] = (float)(2.0 * d * inverseBatch / outputs);
                        }
                    }

                    loss[b] = (float)(sum / outputs);
                    continue;
                }

                double px = prediction[row], py = prediction[row + 1], pz = prediction[row + 2];
                double yx = target[row], yy = target[row + 1], yz = target[row + 2];
                double norm = XMath.Sqrt(px * px + py * py + pz * pz);
                double dot = px * yx + py * yy + pz * yz;
                if (withKappa != 0)
                {
                    kappa[b] = (float)norm;
                }

                if (kind == LossKind.Angular)
                {
                    double safeNorm = norm > NormFloor ? norm : NormFloor;
                    double cos = dot / safeNorm;
                    bool clamped = cos > CosineLimit || cos < -CosineLimit;
                    double clampedCos = cos > CosineLimit ? CosineLimit : (cos < -CosineLimit ? -CosineLimit : cos);
                    loss[b] = (float)XMath.Acos(clampedCos);
                    if (withGradient != 0)
                    {
                        // The clamp holds the loss constant: no gradient. Otherwise the chain rule through acos
                        // and through the normalisation, whose Jacobian projects y perpendicular to n.
                        double factor = clamped ? 0.0 : -inverseBatch / (XMath.Sqrt(1.0 - cos * cos) * safeNorm);
                        gradient[row] = (float)(factor * (yx - cos * px / safeNorm));
                        gradient[row + 1] = (float)(factor * (yy - cos * py / safeNorm));
                        gradient[row + 2] = (float)(factor * (yz - cos * pz / safeNorm));
                    }

                    continue;
                }

                loss[b] = (float)(XMath.Log(4.0 * XMath.PID) + LogSinhOverKappa(norm) - dot);
                if (withGradient != 0)
                {
                    double ratio = LangevinOverKappa(norm);
                    gradient[row] = (float)((ratio * px - yx) * inverseBatch);
                    gradient[row + 1] = (float)((ratio * py - yy) * inverseBatch);
                    gradient[row + 2] = (float)((ratio * pz - yz) * inverseBatch);
                }
            }
        }
    }

    /// <summary>One item: mean[0] = (1 / B) sum_b loss[b], added in event order in double (0 for B = 0).</summary>
    public static void Mean(Index1D worker, ArrayView<float> loss, ArrayView<float> mean, int batch)
    {
        if (worker != 0)
        {
            return;
        }

        double sum = 0.0;
        for (int b = 0; b < batch; b++)
        {
            sum += loss[b];
        }

        mean[0] = batch > 0 ? (float)(sum / batch) : 0f;
    }

    /// <summary>log(sinh(k) / k) for k &gt;= 0 without cancellation or overflow.</summary>
    public static double LogSinhOverKappa(double k)
    {
        if (k < SmallKappa)
        {
            // k^2/6 - k^4/180 + k^6/2835 - k^8/37800: the next term is below 3e-16 here.
            double k2 = k * k;
            return k2 * (1.0 / 6.0 + k2 * (-1.0 / 180.0 + k2 * (1.0 / 2835.0 + k2 * (-1.0 / 37800.0))));
        }

        if (k > LargeKappa)
        {
            return k + XMath.Log(1.0 - XMath.Exp(-2.0 * k)) - XMath.Log(2.0) - XMath.Log(k);
        }

        return XMath.Log(XMath.Sinh(k) / k);
    }

    /// <summary>A(k) / k = (coth k - 1 / k) / k for k &gt;= 0, 1/3 at 0.</summary>
    public static double LangevinOverKappa(double k)
    {
        if (k < SmallKappa)
        {
            // 1/3 - k^2/45 + 2k^4/945 - k^6/4725 + 2k^8/93555: the direct form would cancel coth k against 1 / k.
            double k2 = k * k;
            return 1.0 / 3.0 + k2 * (-1.0 / 45.0 + k2 * (2.0 / 945.0 + k2 * (-1.0 / 4725.0 + k2 * (2.0 / 93555.0))));
        }

        if (k > LargeKappa)
        {
            // coth k = (1 + e) / (1 - e) with e = exp(-2k), which underflows to 0 cleanly: CUDA's double tanh
            // evaluates exp(2k) and returns NaN (inf / inf) long before k = 700.
            double e = XMath.Exp(-2.0 * k);
            return ((1.0 + e) / (1.0 - e) - 1.0 / k) / k;
        }

        return (1.0 / XMath.Tanh(k) - 1.0 / k) / k;
    }
}
