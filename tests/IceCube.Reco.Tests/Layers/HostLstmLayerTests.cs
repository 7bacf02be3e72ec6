using IceCube.Reco.Compute;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// The <see cref="LstmTests"/> bodies (the layers against <see cref="LstmReference"/> and
/// <see cref="BiLstmReference"/>, padding, repeatability) on the host-SIMD device, whose LSTM runs on
/// <see cref="IceCube.Reco.Compute.Host.HostLstm"/> and the host GEMM.
/// </summary>
[TestFixture]
internal sealed class HostLstmLayerTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        LstmTests.Case[] cases =
        [
            new(1, 1, [1], 1, 1, 1),
            new(2, 1, [1], 1, 1, 1),
            new(1, 7, [7, 0, 3], 5, 3, 3),
            new(2, 7, [0, 4, 7], 3, 5, 4),
            new(2, 9, [9, 1, 6, 2, 9], 2, 6, 7),
            new(2, 5, [0], 3, 2, 2),
            new(2, 6, [6, 3, 5, 6, 1], 4, 16, 5),
        ];
        return cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndBackwardMatchTheReference(LstmTests.Case c) =>
        new LstmTests().ForwardAndBackwardMatchTheReference(DeviceKind.HostSimd, c);

    [Test]
    public void PaddedInputsAndGradientsChangeNothingAtRealSteps() =>
        new LstmTests().PaddedInputsAndGradientsChangeNothingAtRealSteps(DeviceKind.HostSimd);

    [Test]
    public void RepeatedRunsGiveIdenticalResults() =>
        new LstmTests().RepeatedRunsGiveIdenticalResults(DeviceKind.HostSimd);
}
