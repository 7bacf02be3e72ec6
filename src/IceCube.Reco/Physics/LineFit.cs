using System.Buffers;
using IceCube.Reco.Data;

namespace IceCube.Reco.Physics;

/// <summary>
/// The classic IceCube first-guess reconstruction: a charge-weighted least-squares fit of pulse position against
/// pulse time, r(t) = r0 + v (t - t0). The fitted velocity v points where the particle went, so the direction it
/// came from is -v / |v|. Optionally the improved variant, which down-weights pulses far from the fitted line.
/// </summary>
/// <remarks>
/// By default only non-auxiliary pulses are fitted, because auxiliary ones are mostly noise: on five real events
/// with public directions the non-auxiliary fit averaged 1.04 rad against 1.68 rad for all pulses. An event with
/// fewer than <see cref="LineFitOptions.MinimumPulses"/> (default 5) non-auxiliary pulses is fitted on all of its
/// pulses. An event whose direction is undefined (no pulse, one pulse, all pulses at one time, or zero total
/// charge) gets the fallback direction azimuth <see cref="FallbackAzimuth"/>, zenith <see cref="FallbackZenith"/>:
/// never NaN.
/// </remarks>
public static class LineFit
{
    /// <summary>Azimuth (rad) returned when an event has no defined direction.</summary>
    public const double FallbackAzimuth = 0.0;

    /// <summary>Zenith (rad) returned when an event has no defined direction: the horizon, pi/2.</summary>
    public const double FallbackZenith = Math.PI / 2.0;

    // Pulses fitted on the stack; larger events rent their weights from the shared pool.
    private const int StackPulses = 256;

    /// <summary>Fits one event and returns its direction as angles.</summary>
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
        var (x, y, z) = FitUnitVector(geometry, sensorId, time, charge, auxiliary, options);
        return Direction.FromUnitVector(x, y, z);
    }

    /// <summary>Fits one event and returns the unit vector pointing to where the particle came from.</summary>
    /// <param name="geometry">Sensor positions (m).</param>
    /// <param name="sensorId">Sensor of each pulse.</param>
    /// <param name="time">Time of each pulse (ns).</param>
    /// <param name="charge">Charge of each pulse (p.e.), the fit weight.</param>
    /// <param name="auxiliary">Auxiliary flag of each pulse.</param>
    /// <param name="options">Settings, or null for <see cref="LineFitOptions.Default"/>.</param>
    /// <returns>A unit vector (the fallback direction's when the fit is undefined).</returns>
    /// <exception cref="ArgumentException">The spans differ in length, a sensor id is outside the geometry, or an
    /// option makes no sense.</exception>
    public static (double X, double Y, double Z) FitUnitVector(
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
        return FitEvent(geometry, sensorId, time, charge, auxiliary, options, 0);
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
            var (x, y, z) = FitEvent(geometry, sensorId.Slice(start, length), time.Slice(start, length),
                charge.Slice(start, length), auxiliary.Slice(start, length), options, start);
            (azimuth[e], zenith[e]) = Direction.FromUnitVector(x, y, z);
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
                    eventCharge, batch.Auxiliary.Slice(start, length), options, start);
                (azimuth[e], zenith[e]) = Direction.FromUnitVector(x, y, z);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(charge);
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

    private static (double X, double Y, double Z) FitEvent(
        SensorGeometry geometry,
        ReadOnlySpan<short> sensorId,
        ReadOnlySpan<long> time,
        ReadOnlySpan<double> charge,
        ReadOnlySpan<bool> auxiliary,
        LineFitOptions options,
        int rowOffset)
    {
        var n = time.Length;
        for (var i = 0; i < n; i++)
        {
            if ((uint)sensorId[i] >= (uint)geometry.Count)
            {
                throw new ArgumentException(
                    $"Pulse row {rowOffset + i} has sensor_id {sensorId[i]}, outside the geometry's 0..{geometry.Count - 1}.",
                    nameof(sensorId));
            }
        }

        // Which pulses enter the fit: non-auxiliary ones when there are enough of them.
        var useAll = true;
        if (options.NonAuxiliaryOnly)
        {
            var clean = 0;
            foreach (var flag in auxiliary)
            {
                if (!flag)
                {
                    clean++;
                }
            }

            useAll = clean < options.MinimumPulses;
        }

        double[]? rented = null;
        var weights = n <= StackPulses ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                var q = charge[i];
                weights[i] = (useAll || !auxiliary[i]) && double.IsFinite(q) && q > 0.0 ? q : 0.0;
            }

            var fit = WeightedFit(geometry, sensorId, time, weights);
            if (options.Improved && fit.Valid)
            {
                var huber = n <= StackPulses ? stackalloc double[n] : new double[n];
                for (var round = 0; round < options.Iterations && fit.Valid; round++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        // Huber weight: full weight within the distance, falling as 1/residual beyond it.
                        var residual = fit.Residual(geometry, sensorId[i], time[i]);
                        huber[i] = weights[i] * (residual <= options.HuberDistance ? 1.0 : options.HuberDistance / residual);
                    }

                    var next = WeightedFit(geometry, sensorId, time, huber);
                    if (next.Valid)
                    {
                        fit = next;
                    }
                    else
                    {
                        break;
                    }
                }
            }

            if (!fit.Valid)
            {
                return Fallback();
            }

            var speed = Math.Sqrt(fit.Vx * fit.Vx + fit.Vy * fit.Vy + fit.Vz * fit.Vz);
            return (-fit.Vx / speed, -fit.Vy / speed, -fit.Vz / speed);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private static (double X, double Y, double Z) Fallback() =>
        (Math.Cos(FallbackAzimuth) * Math.Sin(FallbackZenith), Math.Sin(FallbackAzimuth) * Math.Sin(FallbackZenith),
            Math.Cos(FallbackZenith));

    // Weighted least squares of position on time. Centring on the weighted means first keeps the sums well
    // conditioned: times are ~1e4 ns while only their differences matter.
    private static LineFitSolution WeightedFit(
        SensorGeometry geometry, ReadOnlySpan<short> sensorId, ReadOnlySpan<long> time, ReadOnlySpan<double> weights)
    {
        var x = geometry.X;
        var y = geometry.Y;
        var z = geometry.Z;
        double sw = 0, st = 0, sx = 0, sy = 0, sz = 0;
        var active = 0;
        for (var i = 0; i < time.Length; i++)
        {
            var w = weights[i];
            if (w <= 0.0)
            {
                continue;
            }

            active++;
            var s = sensorId[i];
            sw += w;
            st += w * time[i];
            sx += w * x[s];
            sy += w * y[s];
            sz += w * z[s];
        }

        // A line needs two pulses with weight.
        if (active < 2 || !(sw > 0.0) || !double.IsFinite(sw))
        {
            return default;
        }

        var t0 = st / sw;
        var x0 = sx / sw;
        var y0 = sy / sw;
        var z0 = sz / sw;
        double stt = 0, sxt = 0, syt = 0, szt = 0;
        for (var i = 0; i < time.Length; i++)
        {
            var w = weights[i];
            if (w <= 0.0)
            {
                continue;
            }

            var s = sensorId[i];
            var dt = time[i] - t0;
            stt += w * dt * dt;
            sxt += w * (x[s] - x0) * dt;
            syt += w * (y[s] - y0) * dt;
            szt += w * (z[s] - z0) * dt;
        }

        if (!(stt > 0.0) || !double.IsFinite(stt))
        {
            return default;
        }

        var vx = sxt / stt;
        var vy = syt / stt;
        var vz = szt / stt;
        var speed2 = vx * vx + vy * vy + vz * vz;
        if (!(speed2 > 0.0) || !double.IsFinite(speed2))
        {
            return default;
        }

        return new LineFitSolution(true, t0, x0, y0, z0, vx, vy, vz);
    }
}
