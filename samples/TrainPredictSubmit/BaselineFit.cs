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

    /// <summary>Fits the first <paramref name="eventIds"/>.Length test events of the meta.</summary>
    /// <param name="data">The dataset.</param>
    /// <param name="eventIds">The test events the run predicted, in meta order; the meta must list the same.</param>
    /// <param name="progress">Receives the number of events fitted.</param>
    /// <param name="cancellationToken">Checked between batch files.</param>
    /// <exception cref="BadDataException">The meta lists other events than <paramref name="eventIds"/>.</exception>
    /// <exception cref="InvalidDataException">A batch file is malformed or does not match the meta.</exception>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    public static BaselineResult Run(
        KaggleDataset data, long[] eventIds, PhaseProgress progress, CancellationToken cancellationToken)
    {
        var azimuth = new double[eventIds.Length];
        var zenith = new double[eventIds.Length];
        EventDisplayData? display = null;
        var done = 0;
        foreach (var batch in data.TestEvents(eventIds.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = batch.EventIds;
            for (var e = 0; e < ids.Length; e++)
            {
                if (ids[e] != eventIds[done + e])
                {
                    throw new BadDataException(
                        $"{batch.Path}: test event {done + e} of the meta is {ids[e]}, but {eventIds[done + e]} was " +
                        "predicted there; the test meta changed while in use.");
                }
            }

            LineFitBaseline.FitBatch(
                data.Geometry, batch, azimuth.AsSpan(done, batch.EventCount), zenith.AsSpan(done, batch.EventCount));
            display = PickDisplay(display, batch, done, data.Geometry);
            done += batch.EventCount;
            progress.Report(done);
        }

        if (done != eventIds.Length || display is null)
        {
            throw new BadDataException(
                $"The test meta of {data.Root} lists {done} events; {eventIds.Length} were predicted.");
        }

        return new BaselineResult(azimuth, zenith, display);
    }

    // The batch's events are test events offset .. offset + EventCount - 1.
    private static EventDisplayData? PickDisplay(
        EventDisplayData? current, RawEventBatch batch, int offset, SensorGeometry geometry)
    {
        for (var e = 0; e < batch.EventCount && offset + e < DisplayCandidates; e++)
        {
            var first = (int)batch.FirstPulseIndex[e];
            var length = (int)(batch.LastPulseIndex[e] - batch.FirstPulseIndex[e] + 1);
            var candidate = EventDisplayData.FromPulses(
                offset + e,
                batch.EventIds[e],
                geometry,
                batch.SensorId.Slice(first, length),
                batch.Time.Slice(first, length),
                batch.Charge.Slice(first, length));
            if (current is null || candidate.X.Length > current.X.Length)
            {
                current = candidate;
            }
        }

        return current;
    }
}
