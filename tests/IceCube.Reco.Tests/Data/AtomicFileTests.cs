using IceCube.Reco.Data;

namespace IceCube.Reco.Tests.Data;

public sealed class AtomicFileTests
{
    [Test]
    public void WriteAllBytesReplacesAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "sub", "file.txt");

        AtomicFile.WriteAllBytes(path, "first"u8);
        AtomicFile.WriteAllBytes(path, "second"u8);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo("second"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void AFailedTextWriteKeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        AtomicFile.WriteText(path, writer => writer.Write("complete"));

        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(path, writer =>
        {
            writer.Write("half");
            throw new InvalidOperationException("interrupted");
        }));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo("complete"));
            Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { path }));
        });
    }

    [Test]
    public void TextIsUtf8WithoutAByteOrderMark()
    {
        using var folder = new TempFolder();
        var path = folder.File("text.txt");

        AtomicFile.WriteText(path, writer => writer.Write("é"));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 0xC3, 0xA9 }));
    }
}
