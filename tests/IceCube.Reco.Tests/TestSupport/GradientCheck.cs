namespace IceCube.Reco.Tests.TestSupport;

/// <summary>
/// Finite-difference gradient checks for the double-precision references, and the comparison metric
/// the layers issue fixes for every gradient tensor:
/// <c>||g - g_ref||_2 / max(||g||_2, ||g_ref||_2, 1e-8) &lt;= 1e-3</c>.
/// The same metric compares the float kernels with the double references.
/// </summary>
internal static class GradientCheck
{
    /// <summary>The tolerance of the layers issue on the per-tensor relative L2 error.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>
    /// The floor of the denominator: two gradients that are both (almost) zero compare as equal
    /// instead of dividing zero by zero.
    /// </summary>
    public const double NormFloor = 1e-8;

    /// <summary>
    /// Central differences of <paramref name="function"/> with respect to every element of
    /// <paramref name="point"/>: g_i = (f(x + h e_i) - f(x - h e_i)) / (2 h) with h = 1e-6 * max(1, |x_i|).
    /// </summary>
    /// <remarks>
    /// The step is relative to the element's magnitude so a large parameter is not perturbed below its
    /// rounding unit. The truncation error is O(h^2 f''') and the rounding error O(eps |f| / h); with
    /// h near 1e-6 both sit near 1e-10 relative for the smooth functions here, far below the 1e-3 tolerance.
    /// <paramref name="point"/> is perturbed in place while the function runs (so the closure can read the
    /// live array) and restored bit-exactly before the method returns.
    /// </remarks>
    public static double[] Numerical(Func<double> function, double[] point)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double original = point[i];
            double h = 1e-6 * Math.Max(1.0, Math.Abs(original));
            point[i] = original + h;
            double plus = function();
            point[i] = original - h;
            double minus = function();
            point[i] = original;

            // Divide by the step actually taken, which rounding may make differ slightly from 2h.
            double step = (original + h) - (original - h);
            gradient[i] = (plus - minus) / step;
        }

        return gradient;
    }

    /// <summary>
    /// The relative L2 error of <paramref name="actual"/> against <paramref name="expected"/>:
    /// ||a - e||_2 / max(||a||_2, ||e||_2, 1e-8). Symmetric in its arguments.
    /// </summary>
    public static double RelativeError(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException(
                $"Cannot compare tensors of {actual.Length} and {expected.Length} elements.", nameof(actual));
        }

        // Sums of squares in double: the tensors here are small, and a scaled (LAPACK nrm2 style)
        // accumulation is not needed for gradients of order one.
        double difference = 0.0;
        double actualNorm = 0.0;
        double expectedNorm = 0.0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = actual[i] - expected[i];
            difference += d * d;
            actualNorm += actual[i] * actual[i];
            expectedNorm += expected[i] * expected[i];
        }

        double denominator = Math.Max(Math.Max(Math.Sqrt(actualNorm), Math.Sqrt(expectedNorm)), NormFloor);
        return Math.Sqrt(difference) / denominator;
    }

    /// <summary>
    /// The relative L2 error of a float tensor (a kernel's result) against its double reference,
    /// measured in double after widening each float exactly.
    /// </summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        var widened = new double[actual.Length];
        for (int i = 0; i < actual.Length; i++)
        {
            widened[i] = actual[i];
        }

        return RelativeError(widened, expected);
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> matches <paramref name="expected"/> within
    /// <paramref name="tolerance"/> in the relative L2 metric; the failure message names the tensor.
    /// </summary>
    public static void AssertClose(
        string tensor, ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double tolerance = Tolerance)
    {
        double error = RelativeError(actual, expected);
        Assert.That(
            error,
            Is.LessThanOrEqualTo(tolerance),
            $"Gradient tensor '{tensor}': relative L2 error {error:E3} exceeds {tolerance:E1}.");
    }

    /// <summary>
    /// Asserts that a float tensor matches its double reference within <paramref name="tolerance"/>
    /// in the relative L2 metric; the failure message names the tensor.
    /// </summary>
    public static void AssertClose(
        string tensor, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double tolerance = Tolerance)
    {
        double error = RelativeError(actual, expected);
        Assert.That(
            error,
            Is.LessThanOrEqualTo(tolerance),
            $"Tensor '{tensor}': relative L2 error {error:E3} against the double reference exceeds {tolerance:E1}.");
    }

    /// <summary>
    /// Checks an analytic gradient against central differences: computes the numerical gradient of
    /// <paramref name="function"/> with respect to <paramref name="point"/> and asserts the two agree.
    /// </summary>
    public static void AssertMatchesNumerical(
        string tensor, Func<double> function, double[] point, double[] analytic, double tolerance = Tolerance)
    {
        double[] numerical = Numerical(function, point);
        AssertClose(tensor, analytic, numerical, tolerance);
    }

    /// <summary>
    /// The scalar a layer's gradient check differentiates: sum_i dy_i * y_i for a fixed random
    /// <paramref name="outputGradient"/>, whose gradient with respect to anything is exactly the
    /// layer's backward pass fed with dy = <paramref name="outputGradient"/>.
    /// </summary>
    public static double Contract(double[] output, double[] outputGradient)
    {
        ReferenceArguments.RequireLength(outputGradient, output.LongLength, nameof(outputGradient));
        double sum = 0.0;
        for (int i = 0; i < output.Length; i++)
        {
            sum += output[i] * outputGradient[i];
        }

        return sum;
    }
}
