using System.Buffers;
using IceCube.Reco.Physics;

namespace IceCube.Reco.Data;

/// <summary>
/// The <see cref="LineFit"/> baseline on the data as this library holds it: pulses given by sensor id with a
/// <see cref="SensorGeometry"/> that places each sensor, the columns of a batch file, a <see cref="RawEventBatch"/>
/// and a dataset's test events. The geometry turns each pulse's sensor id into its position; the fit is
/// <see cref="LineFit"/>'s, so the results are the same as from its pulse-position overloads.
/// </summary>
/// <example>
/// <code>
/// var data = KaggleDataset.Open("data/icecube");
/// Submission.Write("linefit.csv", LineFitBaseline.Predict(data));
/// </code>
/// </example>
public static class LineFitBaseline
{
    // Pulses whose positions are gathered on the stack; larger events rent them from the shared pool.
    private const int StackPulses = 256;

    /// <summary>Fits one event given by sensor ids and returns its direction as angles.</summary>
    /// <param name="geometry">Sensor positions (m).</param>
    /// <param name="sensorId">Sensor of each pulse.</param>
    /// <param name="time">Time of each pulse (ns).</param>
    /// <param name="charge">Charge of each pulse (p.e.), the fit weight.</param>
    /// <param name="auxiliary">Auxiliary flag of each pulse.</param>
    /// <param name="options">Settings, or null for <see cref="LineFitOptions.Default"/>.</param>
    /// <returns>Azimuth in [0, 2pi) and zenith in [0, pi], radians, of the direction the particle came from.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, a sensor id is outside the geometry, or an
    /// option makes no sense.</exception>
    public static (double Azimuth, double Zenith) Fit(
        SensorGeometry geometry,
        ReadOnlySpan<short> sensorId,
        ReadOnlySpan<long> time,
        ReadOnlySpan<double> charge,
        ReadOnlySpan<bool> auxiliary,
        LineFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        options ??= LineFitOptions.Default;
        options.Validate();
        CheckLengths(sensorId.Length, time.Length, charge.Length, auxiliary.Length);
        var n = sensorId.Length;
        double[]? rented = null;
        var positions = n <= StackPulses
            ? stackalloc double[3 * n]
            : (rented = ArrayPool<double>.Shared.Rent(3 * n)).AsSpan(0, 3 * n);
        try
        {
            var (x, y, z) = FitEvent(geometry, sensorId, time, charge, auxiliary, options, 0, positions);
            return Direction.FromUnitVector(x, y, z);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Fits every event of a batch given as columnar pulses plus each event's pulse range (row positions, first
    /// and last both inclusive, as in the meta files), writing the angles per event.
    /// </summary>
    /// <param name="geometry">Sensor positions (m).</param>
    /// <param name="sensorId">Sensor of each pulse.</param>
    /// <param name="time">Time of each pulse (ns).</param>
    /// <param name="charge">Charge of each pulse (p.e.).</param>
    /// <param name="auxiliary">Auxiliary flag of each pulse.</param>
    /// <param name="firstPulseIndex">First pulse row of each event.</param>
    /// <param name="lastPulseIndex">Last pulse row of each event (inclusive); last = first - 1 is an empty event.</param>
    /// <param name="azimuth">Receives each event's azimuth (rad).</param>
    /// <param name="zenith">Receives each event's zenith (rad).</param>
    /// <param name="options">Settings, or null for <see cref="LineFitOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">Lengths disagree, a range lies outside the pulses, a sensor id is outside
    /// the geometry, or an option makes no sense; the message names the argument and the event.</exception>
    public static void FitBatch(
        SensorGeometry geometry,
        ReadOnlySpan<short> sensorId,
        ReadOnlySpan<long> time,
        ReadOnlySpan<double> charge,
        ReadOnlySpan<bool> auxiliary,
        ReadOnlySpan<long> firstPulseIndex,
        ReadOnlySpan<long> lastPulseIndex,
        Span<double> azimuth,
        Span<double> zenith,
        LineFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        options ??= LineFitOptions.Default;
        options.Validate();
        CheckLengths(sensorId.Length, time.Length, charge.Length, auxiliary.Length);
        var events = firstPulseIndex.Length;
        if (lastPulseIndex.Length != events || azimuth.Length != events || zenith.Length != events)
        {
            throw new ArgumentException(
                $"Per-event spans differ in length: {nameof(firstPulseIndex)} {events}, {nameof(lastPulseIndex)} " +
                $"{lastPulseIndex.Length}, {nameof(azimuth)} {azimuth.Length}, {nameof(zenith)} {zenith.Length}.",
                nameof(lastPulseIndex));
        }

        var pulses = time.Length;
        var positions = Array.Empty<double>();
        try
        {
            for (var e = 0; e < events; e++)
            {
                var first = firstPulseIndex[e];
                var last = lastPulseIndex[e];
                if (first < 0 || last < first - 1 || last >= pulses)
                {
                    throw new ArgumentException(
                        $"Event {e} has the pulse range {first}..{last}, outside the {pulses} pulses given.",
                        nameof(firstPulseIndex));
                }

                var start = (int)first;
                var length = (int)(last - first + 1);
                if (positions.Length < 3 * length)
                {
                    ReturnRented(positions);
                    positions = ArrayPool<double>.Shared.Rent(3 * length);
                }

                var (x, y, z) = FitEvent(geometry, sensorId.Slice(start, length), time.Slice(start, length),
                    charge.Slice(start, length), auxiliary.Slice(start, length), options, start, positions);
                (azimuth[e], zenith[e]) = Direction.FromUnitVector(x, y, z);
            }
        }
        finally
        {
            ReturnRented(positions);
        }
    }

    /// <summary>
    /// Fits every event of one batch of raw events, as <see cref="KaggleDataset.TestEvents"/> and
    /// <see cref="KaggleDataset.TrainEvents"/> yield them, writing the angles per event in the batch's order.
    /// </summary>
    /// <param name="geometry">Sensor positions (m); the dataset's own.</param>
    /// <param name="batch">The events and their pulses.</param>
    /// <param name="azimuth">Receives each event's azimuth (rad); length <see cref="RawEventBatch.EventCount"/>.</param>
    /// <param name="zenith">Receives each event's zenith (rad); same length.</param>
    /// <param name="options">Settings, or null for <see cref="LineFitOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">An output span's length differs from the event count, a sensor id is
    /// outside <paramref name="geometry"/>, or an option makes no sense.</exception>
    public static void FitBatch(
        SensorGeometry geometry,
        RawEventBatch batch,
        Span<double> azimuth,
        Span<double> zenith,
        LineFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(batch);
        options ??= LineFitOptions.Default;
        options.Validate();
        var events = batch.EventCount;
        if (azimuth.Length != events || zenith.Length != events)
        {
            throw new ArgumentException(
                $"The batch has {events} events but {nameof(azimuth)} has {azimuth.Length} and {nameof(zenith)} " +
                $"{zenith.Length}.",
                nameof(azimuth));
        }

        var first = batch.FirstPulseIndex;
        var last = batch.LastPulseIndex;
        var longest = 0;
        for (var e = 0; e < events; e++)
        {
            longest = Math.Max(longest, (int)(last[e] - first[e] + 1));
        }

        // The batch holds charges as float (p.e.); the fit weighs in double, one event's worth at a time.
        var charge = ArrayPool<double>.Shared.Rent(Math.Max(longest, 1));
        var positions = ArrayPool<double>.Shared.Rent(3 * Math.Max(longest, 1));
        try
        {
            for (var e = 0; e < events; e++)
            {
                var start = (int)first[e];
                var length = (int)(last[e] - first[e] + 1);
                var eventCharge = charge.AsSpan(0, length);
                var source = batch.Charge.Slice(start, length);
                for (var i = 0; i < length; i++)
                {
                    eventCharge[i] = source[i];
                }

                var (x, y, z) = FitEvent(geometry, batch.SensorId.Slice(start, length), batch.Time.Slice(start, length),
                    eventCharge, batch.Auxiliary.Slice(start, length), options, start, positions);
                (azimuth[e], zenith[e]) = Direction.FromUnitVector(x, y, z);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(charge);
            ArrayPool<double>.Shared.Return(positions);
        }
    }

    /// <summary>
    /// The LineFit direction of each test event, in test meta order (the submission's order, as
    /// <c>Model.Predict</c> yields it), read one batch file at a time, so the sequence can go straight to
    /// <see cref="Submission.Write(string, IEnumerable{EventPrediction})"/> or be scored like a model's predictions.
    /// </summary>
    /// <param name="data">The dataset; its geometry places the sensors.</param>
    /// <param name="maxEvents">Stop after the first this many test events of the meta; null for all.</param>
    /// <param name="options">Settings, or null for <see cref="LineFitOptions.Default"/>.</param>
    /// <returns>A lazy sequence, one prediction per test event, without kappa; each enumeration reads the files
    /// again.</returns>
    /// <exception cref="ArgumentException">An option makes no sense (thrown here).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEvents"/> is below 1 (thrown here).</exception>
    /// <exception cref="FileNotFoundException">test_meta.parquet does not exist (thrown here), or a batch file that
    /// the meta names does not (thrown while enumerating).</exception>
    /// <exception cref="InvalidDataException">While enumerating: a batch file is malformed or does not match the
    /// meta (see <see cref="KaggleDataset.TestEvents"/>).</exception>
    public static IEnumerable<EventPrediction> Predict(KaggleDataset data, long? maxEvents = null, LineFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= LineFitOptions.Default;
        options.Validate();
        return PredictBatches(data.Geometry, data.TestEvents(maxEvents), options);
    }

    private static IEnumerable<EventPrediction> PredictBatches(
        SensorGeometry geometry, IEnumerable<RawEventBatch> batches, LineFitOptions options)
    {
        var azimuth = Array.Empty<double>();
        var zenith = Array.Empty<double>();
        foreach (var batch in batches)
        {
            var events = batch.EventCount;
            if (azimuth.Length < events)
            {
                azimuth = new double[events];
                zenith = new double[events];
            }

            FitBatch(geometry, batch, azimuth.AsSpan(0, events), zenith.AsSpan(0, events), options);
            for (var e = 0; e < events; e++)
            {
                yield return new EventPrediction(batch.EventIds[e], azimuth[e], zenith[e]);
            }
        }
    }

    private static void CheckLengths(int sensors, int times, int charges, int auxiliaries)
    {
        if (times != sensors || charges != sensors || auxiliaries != sensors)
        {
            throw new ArgumentException(
                $"Pulse spans differ in length: sensorId {sensors}, time {times}, charge {charges}, auxiliary {auxiliaries}.",
                "time");
        }
    }

    // One event: each pulse placed at its sensor's position (m) in the scratch span (at least 3 x its pulses),
    // then the fit. rowOffset is the event's first row in the caller's columns, so an error names the row the caller
    // knows.
    private static (double X, double Y, double Z) FitEvent(
        SensorGeometry geometry,
        ReadOnlySpan<short> sensorId,
        ReadOnlySpan<long> time,
        ReadOnlySpan<double> charge,
        ReadOnlySpan<bool> auxiliary,
        LineFitOptions options,
        int rowOffset,
        Span<double> scratch)
    {
        var n = time.Length;
        var x = scratch[..n];
        var y = scratch.Slice(n, n);
        var z = scratch.Slice(2 * n, n);
        var sensorX = geometry.X;
        var sensorY = geometry.Y;
        var sensorZ = geometry.Z;
        for (var i = 0; i < n; i++)
        {
            var s = sensorId[i];
            if ((uint)s >= (uint)sensorX.Length)
            {
                throw new ArgumentException(
                    $"Pulse row {rowOffset + i} has sensor_id {s}, outside the geometry's 0..{sensorX.Length - 1}.",
                    nameof(sensorId));
            }

            x[i] = sensorX[s];
            y[i] = sensorY[s];
            z[i] = sensorZ[s];
        }

        return LineFit.FitValidated(x, y, z, time, charge, auxiliary, options);
    }

    private static void ReturnRented(double[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<double>.Shared.Return(array);
        }
    }
}
