namespace IceCube.Reco.Data;

/// <summary>
/// Turns one event's pulses into a zero-padded [L, F] block of features, per <see cref="FeaturizationOptions"/>.
/// Reuses its buffers, so featurising allocates nothing once it has seen the largest unsorted event.
/// One instance per thread.
/// </summary>
internal sealed class EventFeaturizer
{
    private readonly FeaturizationOptions _options;
    private readonly int _maxPulses;
    private readonly int _features;
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _z;
    private readonly int[] _kept;
    private readonly double _timeFactor;
    private readonly double _logChargeFactor;
    private int[] _order = [];
    private long[] _orderTime = [];

    /// <summary>Prepares a featuriser for one geometry and one set of options.</summary>
    public EventFeaturizer(FeaturizationOptions options, SensorGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(geometry);
        options.Validate();
        _options = options;
        _maxPulses = options.MaxPulses;
        _features = options.FeatureCount;
        _kept = new int[_maxPulses];
        _timeFactor = 1.0 / options.TimeScale;
        _logChargeFactor = 1.0 / options.LogChargeScale;

        // Standardised features are shift and scale invariant, so only the scaled set pre-divides positions.
        var positionFactor = options.Features == FeatureSet.StandardizedTimeChargePosition ? 1.0 : 1.0 / options.PositionScale;
        _x = Scaled(geometry.X, positionFactor);
        _y = Scaled(geometry.Y, positionFactor);
        _z = Scaled(geometry.Z, positionFactor);
    }

    /// <summary>Sensors the featuriser knows; pulse sensor ids must be below this.</summary>
    public int SensorCount => _x.Length;

    /// <summary>Values per event: L * F.</summary>
    public int EventLength => _maxPulses * _features;

    /// <summary>
    /// Writes the features of the selected pulses, in time order, to the first rows of
    /// <paramref name="destination"/> (L * F floats, row-major) and zeroes the rest.
    /// </summary>
    /// <returns>The number of pulses kept (0 when none is left).</returns>
    public int Featurize(in EventPulses pulses, Span<float> destination)
    {
        var block = destination[..EventLength];
        var sorted = IsTimeSorted(pulses.Time);
        if (!sorted)
        {
            SortByTime(pulses.Time);
        }

        var count = Select(pulses, sorted);
        if (count > 0)
        {
            var firstTime = pulses.Time[sorted ? 0 : _order[0]];
            switch (_options.Features)
            {
                case FeatureSet.PositionTimeChargeAuxiliary:
                    WriteScaled(pulses, firstTime, count, block);
                    break;
                case FeatureSet.Centred:
                    WriteCentred(pulses, firstTime, count, block);
                    break;
                default:
                    WriteStandardized(pulses, firstTime, count, block);
                    break;
            }
        }

        block[(count * _features)..].Clear();
        return count;
    }

    private static float[] Scaled(ReadOnlySpan<float> values, double factor)
    {
        var result = new float[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)(values[i] * factor);
        }

        return result;
    }

    private static bool IsTimeSorted(ReadOnlySpan<long> time)
    {
        for (var i = 1; i < time.Length; i++)
        {
            if (time[i] < time[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    // Rows of an event should already be in time order; when not, a stable order by (time, row) stands in.
    private void SortByTime(ReadOnlySpan<long> time)
    {
        if (_order.Length < time.Length)
        {
            _order = new int[time.Length];
            _orderTime = new long[time.Length];
        }

        time.CopyTo(_orderTime);

        var order = _order.AsSpan(0, time.Length);
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        order.Sort(new TimeOrder(_orderTime));
    }

    // Fills _kept with the chosen pulse rows, in time order; see PulseSelection.
    private int Select(in EventPulses pulses, bool sorted)
    {
        var n = pulses.Count;
        var auxiliary = pulses.Auxiliary;
        var auxiliaryBudget = 0;
        if (_options.Selection == PulseSelection.NonAuxiliaryFirst)
        {
            if (n <= _maxPulses)
            {
                for (var p = 0; p < n; p++)
                {
                    _kept[p] = sorted ? p : _order[p];
                }

                return n;
            }

            var nonAuxiliary = 0;
            for (var i = 0; i < n && nonAuxiliary < _maxPulses; i++)
            {
                nonAuxiliary += auxiliary[i] ? 0 : 1;
            }

            auxiliaryBudget = _maxPulses - nonAuxiliary;
        }

        var count = 0;
        for (var p = 0; p < n && count < _maxPulses; p++)
        {
            var row = sorted ? p : _order[p];
            if (!auxiliary[row])
            {
                _kept[count++] = row;
            }
            else if (auxiliaryBudget > 0)
            {
                _kept[count++] = row;
                auxiliaryBudget--;
            }
        }

        return count;
    }

    private void WriteScaled(in EventPulses pulses, long firstTime, int count, Span<float> block)
    {
        var sensor = pulses.SensorId;
        var time = pulses.Time;
        var charge = pulses.Charge;
        var auxiliary = pulses.Auxiliary;
        var timeFactor = _timeFactor;
        var logChargeFactor = (float)_logChargeFactor;
        for (var k = 0; k < count; k++)
        {
            var row = _kept[k];
            var s = sensor[row];
            var features = block.Slice(k * 6, 6);
            features[0] = _x[s];
            features[1] = _y[s];
            features[2] = _z[s];
            features[3] = (float)((time[row] - firstTime) * timeFactor);
            features[4] = MathF.Log10(charge[row]) * logChargeFactor;
            features[5] = auxiliary[row] ? 1f : 0f;
        }
    }

    private void WriteCentred(in EventPulses pulses, long firstTime, int count, Span<float> block)
    {
        var sensor = pulses.SensorId;
        var time = pulses.Time;
        var charge = pulses.Charge;
        var auxiliary = pulses.Auxiliary;

        // The centre comes from the pulses LineFit trusts (non-auxiliary); an all-auxiliary event uses them all.
        var anyNonAuxiliary = false;
        for (var k = 0; k < count && !anyNonAuxiliary; k++)
        {
            anyNonAuxiliary = !auxiliary[_kept[k]];
        }

        double weight = 0, sumX = 0, sumY = 0, sumZ = 0, sumT = 0;
        for (var k = 0; k < count; k++)
        {
            var row = _kept[k];
            if (anyNonAuxiliary && auxiliary[row])
            {
                continue;
            }

            var s = sensor[row];
            double q = charge[row];
            weight += q;
            sumX += q * _x[s];
            sumY += q * _y[s];
            sumZ += q * _z[s];
            // Relative to the first pulse, so the double sum keeps nanosecond precision.
            sumT += q * (time[row] - firstTime);
        }

        // Charges are positive in valid data; a zero total would only come from zero charges, and then the plain
        // origin (first pulse time, detector centre) is used rather than 0/0.
        var inverse = weight > 0 ? 1.0 / weight : 0.0;
        var centreX = sumX * inverse;
        var centreY = sumY * inverse;
        var centreZ = sumZ * inverse;
        var centreT = sumT * inverse;
        var timeFactor = _timeFactor;
        var logChargeFactor = (float)_logChargeFactor;
        for (var k = 0; k < count; k++)
        {
            var row = _kept[k];
            var s = sensor[row];
            var features = block.Slice(k * 12, 12);
            var dx = _x[s] - centreX;
            var dy = _y[s] - centreY;
            var dz = _z[s] - centreZ;
            var dt = (time[row] - firstTime - centreT) * timeFactor;
            var product = auxiliary[row] ? 0.0 : dt;
            features[0] = _x[s];
            features[1] = _y[s];
            features[2] = _z[s];
            features[3] = (float)dx;
            features[4] = (float)dy;
            features[5] = (float)dz;
            features[6] = (float)dt;
            features[7] = MathF.Log10(charge[row]) * logChargeFactor;
            features[8] = auxiliary[row] ? 1f : 0f;
            features[9] = (float)(dx * product);
            features[10] = (float)(dy * product);
            features[11] = (float)(dz * product);
        }
    }

    private void WriteStandardized(in EventPulses pulses, long firstTime, int count, Span<float> block)
    {
        var sensor = pulses.SensorId;
        for (var k = 0; k < count; k++)
        {
            var row = _kept[k];
            var s = sensor[row];
            var features = block.Slice(k * 5, 5);
            // Time relative to the first pulse keeps float precision; standardising removes the shift anyway.
            features[0] = pulses.Time[row] - firstTime;
            features[1] = pulses.Charge[row];
            features[2] = _x[s];
            features[3] = _y[s];
            features[4] = _z[s];
        }

        for (var f = 0; f < 5; f++)
        {
            double sum = 0;
            for (var k = 0; k < count; k++)
            {
                sum += block[k * 5 + f];
            }

            var mean = sum / count;
            double squares = 0;
            for (var k = 0; k < count; k++)
            {
                var deviation = block[k * 5 + f] - mean;
                squares += deviation * deviation;
            }

            var std = Math.Sqrt(squares / count);
            // A constant feature (one pulse, one sensor) has no spread: it becomes 0 rather than 0/0.
            var factor = std > 1e-12 * Math.Max(1.0, Math.Abs(mean)) ? 1.0 / std : 0.0;
            for (var k = 0; k < count; k++)
            {
                block[k * 5 + f] = (float)((block[k * 5 + f] - mean) * factor);
            }
        }
    }

    private readonly struct TimeOrder(long[] time) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            var byTime = time[a].CompareTo(time[b]);
            return byTime != 0 ? byTime : a.CompareTo(b);
        }
    }
}
