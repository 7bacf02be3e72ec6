using System.Globalization;
using IceCube.Reco.Data;

namespace IceCube.Reco.Tests.Data;

[TestFixture]
internal sealed class SubmissionFromPredictionsTests
{
    [Test]
    public void Write_KeepsThePredictionsOrderAndValues()
    {
        using var folder = new TempFolder();
        string path = folder.File("submission.csv");
        EventPrediction[] predictions = [new(9482, 0.25, 3.0), new(2092, 6.1, 0.5, Kappa: 4.0), new(7344, 1e-9, Math.PI)];
        Submission.Write(path, predictions);
        var lines = File.ReadAllLines(path);
        Assert.That(lines[0], Is.EqualTo("event_id,azimuth,zenith"));
        Assert.That(lines, Has.Length.EqualTo(4));
        for (int i = 0; i < predictions.Length; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.That(long.Parse(fields[0], CultureInfo.InvariantCulture), Is.EqualTo(predictions[i].EventId));
            Assert.That(double.Parse(fields[1], CultureInfo.InvariantCulture), Is.EqualTo(predictions[i].Azimuth));
            Assert.That(double.Parse(fields[2], CultureInfo.InvariantCulture), Is.EqualTo(predictions[i].Zenith));
        }
    }

    [Test]
    public void Write_LeavesNoFileWhenThePredictionsFail()
    {
        using var folder = new TempFolder();
        string path = folder.File("submission.csv");
        Assert.Throws<InvalidOperationException>(() => Submission.Write(path, Failing()));
        Assert.That(Directory.GetFiles(folder.Path), Is.Empty);
    }

    private static IEnumerable<EventPrediction> Failing()
    {
        yield return new EventPrediction(1, 1, 1);
        throw new InvalidOperationException("the model diverged");
    }
}
