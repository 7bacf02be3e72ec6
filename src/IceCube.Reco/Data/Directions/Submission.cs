using System.Globalization;
using CsvHelper;

namespace IceCube.Reco.Data;

/// <summary>The competition's submission file: a CSV with header event_id,azimuth,zenith, one row per test event.</summary>
public static class Submission
{
    /// <summary>
    /// Writes a submission in the given order (use the test generator's order, which is the test meta's),
    /// invariant culture, angles in radians with round-trip precision. The file is written under a temporary name
    /// and moved into place, so an existing submission is only replaced by a complete one.
    /// </summary>
    /// <param name="csvPath">Destination path; its folder is created when missing.</param>
    /// <param name="eventIds">event_id of each row.</param>
    /// <param name="azimuth">Predicted azimuth of each row, radians.</param>
    /// <param name="zenith">Predicted zenith of each row, radians.</param>
    /// <exception cref="ArgumentException">The spans differ in length, or an angle is not finite.</exception>
    public static void Write(string csvPath, ReadOnlySpan<long> eventIds, ReadOnlySpan<double> azimuth, ReadOnlySpan<double> zenith)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        if (azimuth.Length != eventIds.Length || zenith.Length != eventIds.Length)
        {
            throw new ArgumentException(
                $"Submission columns differ in length: event_id {eventIds.Length}, azimuth {azimuth.Length}, " +
                $"zenith {zenith.Length}.");
        }

        for (var i = 0; i < eventIds.Length; i++)
        {
            if (!double.IsFinite(azimuth[i]) || !double.IsFinite(zenith[i]))
            {
                throw new ArgumentException(
                    $"Submission row {i} (event {eventIds[i]}): azimuth {azimuth[i]}, zenith {zenith[i]}; angles must " +
                    "be finite.");
            }
        }

        // The lambda cannot capture spans, so the rows are copied once; a million events is 24 MB.
        var ids = eventIds.ToArray();
        var az = azimuth.ToArray();
        var zen = zenith.ToArray();
        AtomicFile.WriteText(csvPath, writer =>
        {
            var options = new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };
            using var csv = CsvWriter.Create(writer, options, true);
            csv.WriteHeader(["event_id", "azimuth", "zenith"]);
            for (var i = 0; i < ids.Length; i++)
            {
                csv.WriteField(ids[i].ToString(CultureInfo.InvariantCulture));
                // double.ToString("R") is the shortest text that parses back to the same double.
                csv.WriteField(az[i].ToString("R", CultureInfo.InvariantCulture));
                csv.WriteField(zen[i].ToString("R", CultureInfo.InvariantCulture));
                csv.EndRecord();
            }
        });
    }

    /// <summary>
    /// Writes a submission from predictions, in their order (a model's Predict and <see cref="LineFitBaseline.Predict"/>
    /// yield the test meta's order).
    /// The sequence is read to the end before anything is written, and the file is moved into place only when
    /// complete, so a failure while predicting leaves no submission behind.
    /// </summary>
    /// <param name="csvPath">Destination path; its folder is created when missing.</param>
    /// <param name="predictions">One prediction per test event.</param>
    /// <exception cref="ArgumentException">An angle is not finite.</exception>
    public static void Write(string csvPath, IEnumerable<EventPrediction> predictions)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        ArgumentNullException.ThrowIfNull(predictions);
        var ids = new List<long>();
        var azimuth = new List<double>();
        var zenith = new List<double>();
        foreach (var prediction in predictions)
        {
            ids.Add(prediction.EventId);
            azimuth.Add(prediction.Azimuth);
            zenith.Add(prediction.Zenith);
        }

        Write(
            csvPath,
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids),
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(azimuth),
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(zenith));
    }
}
