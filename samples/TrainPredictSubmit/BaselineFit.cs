using IceCube.Reco.Data;
using IceCube.Reco.Physics;

namespace TrainPredictSubmit;

/// <summary>
/// Runs the LineFit baseline over the test events, one batch file at a time, and picks the event to display:
/// among the first <see cref="DisplayCandidates"/> test events, the one that hit the most sensors.
/// </summary>
internal static class BaselineFit
{
    /// <summary>How many of the first test events compete for the display.</summary>
    public const int DisplayCandidates = 500;

    /// <summary>Fits every test event.</summary>
    /// <exception cref="BadDataException">A batch file is missing or malformed, or a pulse range lies outside it.</exception>
    public static BaselineResult Run(
        TestSet tests, SensorGeometry geometry, string root, PhaseProgress progress, CancellationToken cancellationToken)
    {
        var azimuth = new double[tests.Count];
        var zenith = new double[tests.Count];
        EventDisplayData? display = null;
        var start = 0;
        while (start < tests.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batchId = tests.BatchIds[start];
            var end = start;
            while (end < tests.Count && tests.BatchIds[end] == batchId)
            {
                end++;
            }

            var path = Path.Combine(root, "test", $"batch_{batchId}.parquet");
            var pulses = BatchPulses.Read(path, geometry.Count);
            var first = tests.FirstPulse.AsSpan(start, end - start);
            var last = tests.LastPulse.AsSpan(start, end - start);
            CheckRanges(path, tests, start, end, pulses.Count);
            LineFit.FitBatch(
                geometry, pulses.SensorId, pulses.Time, pulses.Charge, pulses.Auxiliary, first, last,
                azimuth.AsSpan(start, end - start), zenith.AsSpan(start, end - start));
            display = PickDisplay(display, tests, start, end, geometry, pulses);
            progress.Report(end);
            start = end;
        }

        return new BaselineResult(azimuth, zenith, display!);
    }

    private static void CheckRanges(string path, TestSet tests, int start, int end, int pulses)
    {
        for (var e = start; e < end; e++)
        {
            var first = tests.FirstPulse[e];
            var last = tests.LastPulse[e];
            if (first < 0 || last < first - 1 || last >= pulses)
            {
                throw new BadDataException(
                    $"{path}: test event {tests.EventIds[e]} has pulse rows {first}..{last}, outside the file's " +
                    $"{pulses} rows.");
            }
        }
    }

    private static EventDisplayData? PickDisplay(
        EventDisplayData? current, TestSet tests, int start, int end, SensorGeometry geometry, BatchPulses pulses)
    {
        for (var e = start; e < Math.Min(end, DisplayCandidates); e++)
        {
            var first = (int)tests.FirstPulse[e];
            var length = (int)(tests.LastPulse[e] - tests.FirstPulse[e] + 1);
            var candidate = EventDisplayData.FromPulses(
                e,
                tests.EventIds[e],
                geometry,
                pulses.SensorId.AsSpan(first, length),
                pulses.Time.AsSpan(first, length),
                pulses.Charge.AsSpan(first, length));
            if (current is null || candidate.X.Length > current.X.Length)
            {
                current = candidate;
            }
        }

        return current;
    }
}
