using IceCube.Reco.Tests.TestSupport;

/// <summary>Assembly-wide fixture (no namespace, so it wraps every test): disposes the shared test devices.</summary>
[SetUpFixture]
public sealed class TestDeviceTeardown
{
    /// <summary>Runs after the last test of the assembly.</summary>
    [OneTimeTearDown]
    public void DisposeDevices() => TestDevices.DisposeAll();
}
