using System.Globalization;
using IceCube.Reco.Data;

namespace IceCube.Reco.Tests.Data;

public class SubmissionTests
{
    [Test]
    public void Write_RoundTripsExactly_InTheGivenOrder()
    {
        using var folder = new TempFolder();
        var path = folder.File("out/submission.csv");
        long[] ids = [9482, 2092, 7344];
        double[] azimuth = [Math.PI, 0.1 + 0.2, 6.283185307179586];
        double[] zenith = [1e-17, Math.PI / 3, 0.0];
        File.WriteAllText(Path.Combine(folder.Path, "keep.txt"), "x");
        Submission.Write(path, ids, azimuth, zenith);

        var lines = File.ReadAllLines(path);
        Assert.That(lines[0], Is.EqualTo("event_id,azimuth,zenith"));
        Assert.That(lines, Has.Length.EqualTo(4));
        for (var i = 0; i < 3; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.That(long.Parse(fields[0], CultureInfo.InvariantCulture), Is.EqualTo(ids[i]));
            Assert.That(double.Parse(fields[1], CultureInfo.InvariantCulture), Is.EqualTo(azimuth[i]));
            Assert.That(double.Parse(fields[2], CultureInfo.InvariantCulture), Is.EqualTo(zenith[i]));
        }

        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1), "no temporary file left");
    }

    [Test]
    public void Write_UsesInvariantCultureWhateverTheThreadCulture()
    {
        using var folder = new TempFolder();
        var path = folder.File("submission.csv");
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Submission.Write(path, [1], [1.5], [2.25]);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.That(File.ReadAllLines(path)[1], Is.EqualTo("1,1.5,2.25"));
    }

    [Test]
    public void Write_BadInput_IsRefusedAndLeavesTheOldFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("submission.csv");
        Submission.Write(path, [1], [1.0], [1.0]);
        var before = File.ReadAllText(path);
        var error = Assert.Throws<ArgumentException>(() => Submission.Write(path, [1, 2], [1.0, double.NaN], [1.0, 1.0]));
        Assert.That(error!.Message, Does.Contain("row 1").And.Contain("event 2"));
        Assert.Throws<ArgumentException>(() => Submission.Write(path, [1, 2], [1.0], [1.0, 1.0]));
        Assert.That(File.ReadAllText(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(folder.Path), Has.Length.EqualTo(1));
    }
}
