using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Tests.Data;
using IceCube.Reco.Tests.TestSupport;

namespace IceCube.Reco.Tests.Training;

/// <summary>
/// A fixture that writes one tiny dataset (TinyDataset) into a temporary folder before its tests and deletes it
/// after them, so the training tests share the setup and differ only in the dataset's size and seed.
/// </summary>
internal abstract class TinyDatasetFixture(int trainEvents, int testEvents, int seed)
{
    /// <summary>The temporary folder holding the dataset (tests may write more files into it).</summary>
    protected TempFolder Folder { get; private set; } = null!;

    /// <summary>The dataset the fixture's tests train and predict on.</summary>
    protected KaggleDataset Dataset { get; private set; } = null!;

    /// <summary>The shared CPU test device.</summary>
    protected static Device Cpu => TestDevices.Get(DeviceKind.IlgpuCpu);

    [OneTimeSetUp]
    public void WriteDataset()
    {
        Folder = new TempFolder();
        TinyDataset.Write(Folder.Path, trainEvents, testEvents, seed);
        Dataset = KaggleDataset.Open(Folder.Path);
    }

    [OneTimeTearDown]
    public void DeleteDataset() => Folder.Dispose();
}
