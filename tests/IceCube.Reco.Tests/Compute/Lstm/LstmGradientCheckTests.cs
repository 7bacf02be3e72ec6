using IceCube.Reco.Compute;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Compute;

/// <summary>
/// The whole-layer finite-difference check of the issue: central differences of the double reference's
/// sum(dy * y) with respect to the input and every parameter of every direction, against the float layer's
/// backward pass; per tensor, relative L2 error &lt;= 1e-3.
/// </summary>
[TestFixture]
internal sealed class LstmGradientCheckTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        TestDevices.All.SelectMany(kind => new[] { 1, 2 }.Select(directions =>
            new TestCaseData(kind, directions).SetArgDisplayNames(TestDevices.Display(kind), $"D={directions}")));

    [TestCaseSource(nameof(Cases))]
    public void EveryGradientMatchesCentralDifferencesOfTheReference(DeviceKind kind, int directions)
    {
        var device = TestDevices.Get(kind);
        const int steps = 5, inChannels = 3, hidden = 3;
        int[] lengths = [5, 2, 0];
        int outWidth = directions * hidden;
        var weights = LstmHarness.RandomWeights(directions, inChannels, hidden, seed: 61 + directions);
        var x = LstmHarness.RandomValues(lengths.Length * steps * inChannels, seed: 63);
        var dy = LstmHarness.RandomValues(lengths.Length * steps * outWidth, seed: 64);

        var run = LstmHarness.Run(device, weights, steps, inChannels, hidden, lengths.Length, lengths, x, dy);
        double Loss() => GradientCheck.Contract(
            LstmHarness.ReferenceForward(weights, steps, inChannels, hidden, lengths, x), dy);

        GradientCheck.AssertMatchesNumerical("dx", Loss, x, run.InputGradient!);
        for (int d = 0; d < directions; d++)
        {
            GradientCheck.AssertMatchesNumerical($"dW[{d}]", Loss, weights[d].W, run.Gradients[d].W);
            GradientCheck.AssertMatchesNumerical($"dU[{d}]", Loss, weights[d].U, run.Gradients[d].U);
            GradientCheck.AssertMatchesNumerical($"dbias[{d}]", Loss, weights[d].Bias, run.Gradients[d].Bias);
        }
    }
}
