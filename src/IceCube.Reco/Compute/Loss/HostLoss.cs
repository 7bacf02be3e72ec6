using IceCube.Reco.Kernels;

namespace IceCube.Reco.Compute;

/// <summary>
/// The training losses on the host, the math of <see cref="LossKernels"/> (its constants and its vMF series shared):
/// each event's loss and gradient in double, the batch mean summed in event order in double from the float-rounded
/// per-event losses. A batch is a few hundred events of a few dozen operations each, far less than one thread
/// hand-off costs, so the whole loss runs on the calling thread.
/// </summary>
internal static unsafe class HostLoss
{
    /// <summary>
    /// Returns the batch mean of the loss of prediction [B, n] against target [B, n] (0 for B = 0) and, where the
    /// pointers are not null, writes gradient [B, n] = dMean/dPrediction, perEventLoss [B] and kappa [B] = |row|.
    /// </summary>
    public static float Compute(
        LossKind kind, float* prediction, float* target, int batch, int outputs,
        float* gradient, float* perEventLoss, float* kappa)
    {
        double inverseBatch = 1.0 / batch;
        double total = 0.0;
        for (int b = 0; b < batch; b++)
        {
            long row = (long)b * outputs;
            float loss = kind == LossKind.MeanSquaredError
                ? MeanSquaredError(prediction + row, target + row, outputs, inverseBatch, gradient is null ? null : gradient + row)
                : Directional(kind, prediction + row, target + row, inverseBatch, gradient is null ? null : gradient + row, kappa is null ? null : kappa + b);
            if (perEventLoss is not null)
            {
                perEventLoss[b] = loss;
            }

            total += loss;
        }

        return batch > 0 ? (float)(total / batch) : 0f;
    }

    private static float MeanSquaredError(float* p, float* y, int outputs, double inverseBatch, float* gradient)
    {
        double sum = 0.0;
        for (int j = 0; j < outputs; j++)
        {
            double d = (double)p[j] - y[j];
            sum += d * d;
            if (gradient is not null)
            {
                gradient[j] = (float)(2.0 * d * inverseBatch / outputs);
            }
        }

        return (float)(sum / outputs);
    }

    // The angular and von Mises-Fisher losses of one 3-vector row.
    private static float Directional(LossKind kind, float* p, float* y, double inverseBatch, float* gradient, float* kappa)
    {
        double px = p[0], py = p[1], pz = p[2];
        double yx = y[0], yy = y[1], yz = y[2];
        double norm = Math.Sqrt((px * px) + (py * py) + (pz * pz));
        double dot = (px * yx) + (py * yy) + (pz * yz);
        if (kappa is not null)
        {
            *kappa = (float)norm;
        }

        if (kind == LossKind.Angular)
        {
            double safeNorm = norm > LossKernels.NormFloor ? norm : LossKernels.NormFloor;
            double cos = dot / safeNorm;
            bool clamped = cos > LossKernels.CosineLimit || cos < -LossKernels.CosineLimit;
            double clampedCos = Math.Clamp(cos, -LossKernels.CosineLimit, LossKernels.CosineLimit);
            if (gradient is not null)
            {
                // The clamp holds the loss constant: no gradient. Otherwise the chain rule through acos and through
                // the normalisation, whose Jacobian projects y perpendicular to the normalised prediction.
                double factor = clamped ? 0.0 : -inverseBatch / (Math.Sqrt(1.0 - (cos * cos)) * safeNorm);
                gradient[0] = (float)(factor * (yx - (cos * px / safeNorm)));
                gradient[1] = (float)(factor * (yy - (cos * py / safeNorm)));
                gradient[2] = (float)(factor * (yz - (cos * pz / safeNorm)));
            }

            return (float)Math.Acos(clampedCos);
        }

        if (gradient is not null)
        {
            double ratio = LossKernels.LangevinOverKappa(norm);
            gradient[0] = (float)(((ratio * px) - yx) * inverseBatch);
            gradient[1] = (float)(((ratio * py) - yy) * inverseBatch);
            gradient[2] = (float)(((ratio * pz) - yz) * inverseBatch);
        }

        return (float)(Math.Log(4.0 * Math.PI) + LossKernels.LogSinhOverKappa(norm) - dot);
    }
}
