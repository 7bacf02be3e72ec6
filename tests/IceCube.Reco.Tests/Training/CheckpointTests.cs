using System.Buffers.Binary;
using System.Security.Cryptography;
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Tests.Data;
using IceCube.Reco.Tests.TestSupport;
using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

[TestFixture]
internal sealed class CheckpointTests() : TinyDatasetFixture(trainEvents: 64, testEvents: 13, seed: 9)
{
    [TestCase("angular")]
    [TestCase("mse")]
    [TestCase("von-mises-fisher")]
    public void SaveThenLoad_PredictsBitIdentically(string lossName)
    {
        using var model = TinyModels.Create(Cpu, Loss.Parse(lossName), seed: 3);
        model.Fit(Dataset, new FitOptions { Epochs = 1, BatchSize = 16, Data = new DatasetOptions { ValidationFraction = 0.2 } });
        var before = model.Predict(Dataset, batchSize: 8).ToList();
        string path = Folder.File($"round-trip-{lossName}.icr");
        model.Save(path);

        using var loaded = Model.Load(Cpu, path);
        var after = loaded.Predict(Dataset, batchSize: 8).ToList();
        Assert.That(after, Is.EqualTo(before), "same weights, same device: the same bits");
        Assert.That(loaded.Featurization, Is.EqualTo(model.Featurization));
        Assert.That(loaded.Loss, Is.SameAs(model.Loss));
        Assert.That(loaded.Optimizer, Is.EqualTo(model.Optimizer));
        Assert.That(loaded.Step, Is.EqualTo(model.Step));
        Assert.That(loaded.EpochsCompleted, Is.EqualTo(1));
        Assert.That(loaded.Summary(), Is.EqualTo(model.Summary()));
        Assert.That(Directory.GetFiles(Folder.Path, "*.tmp"), Is.Empty, "no temporary file is left behind");
    }

    [Test]
    public void Resume_ContinuesTheStepCountAndAdamsMoments()
    {
        // One batch holds every training event, so an epoch is exactly one step whatever the shuffle; without dropout
        // (whose masks follow the row order) the shuffle changes only the order of the sums.
        var options = new FitOptions { Epochs = 1, BatchSize = 64, Data = new DatasetOptions { ValidationFraction = 0 } };
        using var straight = TinyModels.Create(Cpu, Loss.Angular, seed: 5, dropout: 0);
        straight.Fit(Dataset, options with { Epochs = 3 });

        using var first = TinyModels.Create(Cpu, Loss.Angular, seed: 5, dropout: 0);
        first.Fit(Dataset, options);
        string path = Folder.File("resume.icr");
        first.Save(path);
        using var resumed = Model.Load(Cpu, path);
        var history = resumed.Fit(Dataset, options with { Epochs = 2 });
        Assert.That(history.GlobalStep, Is.EqualTo(3));
        Assert.That(resumed.Step, Is.EqualTo(straight.Step));

        // Without the moments the second step would restart Adam's averages; weights then differ by ~ the learning rate.
        using var fresh = Model.Load(Cpu, path);
        var noMomentsPath = Folder.File("no-moments.icr");
        fresh.Save(noMomentsPath, includeOptimizerState: false);
        using var restarted = Model.Load(Cpu, noMomentsPath);
        restarted.Fit(Dataset, options with { Epochs = 2 });

        float[] expected = Weights(straight);
        Assert.That(MaxDifference(Weights(resumed), expected), Is.LessThan(1e-4), "only the row order inside the batch differs");
        Assert.That(MaxDifference(Weights(restarted), expected), Is.GreaterThan(1e-3));
    }

    [Test]
    public void FlippedWeightByte_IsReportedAsCorrupt()
    {
        string path = SavedModel("corrupt.icr");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 32 - 10] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => Model.Load(Cpu, path));
        Assert.That(error!.Message, Does.Contain("corrupt").And.Contain("checksum"));
    }

    [TestCase(10)]
    [TestCase(33)]
    [TestCase(400)]
    public void TruncatedFile_IsReportedAsTruncated(int cut)
    {
        string path = SavedModel($"truncated-{cut}.icr");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^cut]);
        var error = Assert.Throws<InvalidDataException>(() => Model.Load(Cpu, path));
        Assert.That(error!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void UnknownVersion_IsReportedAsSuch()
    {
        string path = SavedModel("version.icr");
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 2);
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes, bytes.Length - 32);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => Model.Load(Cpu, path));
        Assert.That(error!.Message, Does.Contain("version 2"));
    }

    [Test]
    public void OtherFiles_AreNotCheckpoints()
    {
        string path = Folder.File("notes.icr");
        File.WriteAllText(path, "event_id,azimuth,zenith\n");
        Assert.That(() => Model.Load(Cpu, path), Throws.TypeOf<InvalidDataException>().With.Message.Contain("not an IceCube.Reco checkpoint"));
        Assert.That(() => Model.Load(Cpu, Folder.File("missing.icr")), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void HugeDeclaredLength_IsRefusedBeforeAllocating()
    {
        // A valid header whose JSON length claims 4 GB: the reader must compare it with the file, not allocate it.
        var bytes = new byte[4 + 4 + 4 + 32];
        "ICRM"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), CheckpointFile.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), uint.MaxValue);
        string path = Folder.File("huge.icr");
        File.WriteAllBytes(path, bytes);
        Assert.That(() => Model.Load(Cpu, path), Throws.TypeOf<InvalidDataException>().With.Message.Contain("truncated"));
    }

    [Test]
    public void FileLayout_IsTheDocumentedOne()
    {
        // Parse the file by hand with the documented layout, independently of the reader.
        string path = SavedModel("layout.icr");
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[..4], Is.EqualTo("ICRM"u8.ToArray()));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)), Is.EqualTo(1));
        int jsonLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        string json = System.Text.Encoding.UTF8.GetString(bytes, 12, jsonLength);
        Assert.That(json, Does.Contain("\"layers\"").And.Contain("\"featurization\"").And.Contain("\"loss\": \"angular\""));
        int at = 12 + jsonLength;
        int tensors = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        at += 4;
        long floats = 0;
        for (int t = 0; t < tensors; t++)
        {
            int nameLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            at += 4 + nameLength;
            int rank = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            at += 4;
            long count = 1;
            for (int d = 0; d < rank; d++, at += 4)
            {
                count *= BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
            }

            floats += count;
            at += (int)(4 * count);
        }

        using var model = TinyModels.Create(Cpu, Loss.Angular);
        Assert.That(floats, Is.EqualTo(model.ParameterCount));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)), Is.EqualTo(0), "no optimizer state before any fit");
        Assert.That(at + 4 + 32, Is.EqualTo(bytes.Length));
        Assert.That(bytes[^32..], Is.EqualTo(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32))));
    }

    private static float[] Weights(Model model) => [.. model.Trainer.Network.Parameters.SelectMany(p => p.Value.ToArray())];

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    private string SavedModel(string name)
    {
        using var model = TinyModels.Create(Cpu, Loss.Angular);
        string path = Folder.File(name);
        model.Save(path);
        return path;
    }
}
