using System.Runtime.InteropServices;
using IceCube.Reco.Physics;

namespace IceCube.Reco.Data;

/// <summary>
/// A per-event table of directions, such as the true angles of the test events in test_truth.parquet:
/// event ids, azimuth and zenith (radians) in file order, with a lookup by event id.
/// </summary>
/// <example>
/// <code>
/// var truth = data.ReadTestTruth();
/// double score = truth.Score(model.Predict(data)).Mean;   // the competition metric, rad
/// </code>
/// </example>
public sealed class EventAngles
{
    private readonly long[] _eventIds;
    private readonly double[] _azimuth;
    private readonly double[] _zenith;
    private readonly Dictionary<long, int> _rows;

    /// <summary>Takes ownership of the columns; refuses a repeated event id.</summary>
    /// <exception cref="InvalidDataException">An event id appears twice; the message names the source and both rows.</exception>
    internal EventAngles(string source, long[] eventIds, double[] azimuth, double[] zenith)
    {
        Source = source;
        _eventIds = eventIds;
        _azimuth = azimuth;
        _zenith = zenith;
        _rows = new Dictionary<long, int>(eventIds.Length);
        for (var row = 0; row < eventIds.Length; row++)
        {
            if (!_rows.TryAdd(eventIds[row], row))
            {
                throw new InvalidDataException(
                    $"{source}: column 'event_id' holds {eventIds[row]} at rows {_rows[eventIds[row]]} and {row}; " +
                    "each event may appear once.");
            }
        }
    }

    /// <summary>Path of the file the table was read from.</summary>
    public string Source { get; }

    /// <summary>Number of events.</summary>
    public int Count => _eventIds.Length;

    /// <summary>event_id of each row, in file order.</summary>
    public ReadOnlySpan<long> EventIds => _eventIds;

    /// <summary>Azimuth of each row in radians, in file order.</summary>
    public ReadOnlySpan<double> Azimuth => _azimuth;

    /// <summary>Zenith of each row in radians, in file order.</summary>
    public ReadOnlySpan<double> Zenith => _zenith;

    /// <summary>Row of <paramref name="eventId"/> in file order, or -1 when the table does not hold it.</summary>
    /// <param name="eventId">The event to look up.</param>
    /// <returns>The row index, or -1.</returns>
    public int IndexOf(long eventId) => _rows.TryGetValue(eventId, out var row) ? row : -1;

    /// <summary>The angles of <paramref name="eventId"/>, when the table holds it.</summary>
    /// <param name="eventId">The event to look up.</param>
    /// <param name="azimuth">Its azimuth in radians, or 0.</param>
    /// <param name="zenith">Its zenith in radians, or 0.</param>
    /// <returns>True when the event is in the table.</returns>
    public bool TryGetAngles(long eventId, out double azimuth, out double zenith)
    {
        if (_rows.TryGetValue(eventId, out var row))
        {
            azimuth = _azimuth[row];
            zenith = _zenith[row];
            return true;
        }

        azimuth = 0;
        zenith = 0;
        return false;
    }

    /// <summary>
    /// Scores reconstructed directions (a model's predictions, or <see cref="LineFitBaseline.Predict"/>'s) against
    /// this table's, matching them by event id.
    /// </summary>
    /// <param name="predictions">The directions to score; each event must be in the table.</param>
    /// <returns>The angular error of each prediction in the order given, their mean (the competition metric) and
    /// their median, in radians.</returns>
    /// <exception cref="ArgumentException">There are no predictions, an event is not in the table (the message names
    /// it and <see cref="Source"/>), or an angle is not finite.</exception>
    public AngularErrorStats Score(IEnumerable<EventPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var trueAzimuth = new List<double>();
        var trueZenith = new List<double>();
        var azimuth = new List<double>();
        var zenith = new List<double>();
        foreach (var prediction in predictions)
        {
            if (!_rows.TryGetValue(prediction.EventId, out var row))
            {
                throw new ArgumentException(
                    $"Event {prediction.EventId} (prediction {azimuth.Count}) has no direction in {Source}.", nameof(predictions));
            }

            trueAzimuth.Add(_azimuth[row]);
            trueZenith.Add(_zenith[row]);
            azimuth.Add(prediction.Azimuth);
            zenith.Add(prediction.Zenith);
        }

        return AngularErrorStats.Of(
            CollectionsMarshal.AsSpan(trueAzimuth),
            CollectionsMarshal.AsSpan(trueZenith),
            CollectionsMarshal.AsSpan(azimuth),
            CollectionsMarshal.AsSpan(zenith));
    }
}
