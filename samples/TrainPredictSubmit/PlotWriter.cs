using System.Globalization;
using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using ScottPlot;

namespace TrainPredictSubmit;

/// <summary>
/// Renders the run's PNG plots with ScottPlot (SkiaSharp, no extra setup on Linux) and writes each atomically.
/// </summary>
internal static class PlotWriter
{
    /// <summary>File name of the training and validation curves.</summary>
    public const string CurvesFile = "training_curves.png";

    /// <summary>File name of the angular-error histogram.</summary>
    public const string HistogramFile = "angular_errors.png";

    /// <summary>File name of the event display.</summary>
    public const string EventDisplayFile = "event_display.png";

    private const int Width = 1000;

    // Arrow length in the event display (m): about the size of the detector, so direction reads at a glance.
    private const double ArrowLength = 450.0;

    /// <summary>
    /// Training loss and validation metric per epoch, one panel each; the validation panel carries LineFit's mean
    /// error on the test events as a reference line when it is known.
    /// </summary>
    /// <param name="path">Destination PNG.</param>
    /// <param name="trainLoss">Mean training loss of each epoch.</param>
    /// <param name="validation">Validation mean angular error of each epoch (rad); NaN where not measured.</param>
    /// <param name="lossName">The loss, for the axis label.</param>
    /// <param name="lineFitMean">LineFit's mean error on the test events (rad), or null.</param>
    public static void TrainingCurves(string path, IReadOnlyList<double> trainLoss, IReadOnlyList<double> validation, string lossName, double? lineFitMean)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        var loss = multiplot.GetPlot(0);
        var epochs = Enumerable.Range(1, trainLoss.Count).Select(e => (double)e).ToArray();
        var lossLine = loss.Add.Scatter(epochs, trainLoss.ToArray());
        lossLine.LegendText = "training loss";
        loss.Title("Training");
        loss.YLabel($"{lossName} loss");
        loss.XLabel("epoch");
        loss.ShowLegend(Alignment.UpperRight);

        var metric = multiplot.GetPlot(1);
        var measured = Enumerable.Range(0, validation.Count).Where(i => double.IsFinite(validation[i])).ToArray();
        if (measured.Length > 0)
        {
            var line = metric.Add.Scatter(
                measured.Select(i => epochs[i]).ToArray(), measured.Select(i => validation[i]).ToArray());
            line.LegendText = "validation mean angular error";
        }

        if (lineFitMean is { } reference)
        {
            var baseline = metric.Add.HorizontalLine(reference);
            baseline.LinePattern = LinePattern.Dashed;
            baseline.LegendText = "LineFit on the test events";
        }

        metric.Title("Validation (competition metric)");
        metric.YLabel("mean angular error (rad)");
        metric.XLabel("epoch");
        metric.ShowLegend(Alignment.UpperRight);
        Save(multiplot, path, Width, 800);
    }

    /// <summary>Histogram of the per-event angular errors of the model and of LineFit, with their means.</summary>
    public static void ErrorHistogram(string path, IReadOnlyList<double> modelErrors, IReadOnlyList<double> lineFitErrors, string modelLabel)
    {
        var plot = new Plot();
        const int bins = 45;
        AddHistogram(plot, lineFitErrors, bins, Colors.Orange, "LineFit");
        AddHistogram(plot, modelErrors, bins, Colors.SteelBlue, modelLabel);
        plot.Title($"Angular error of {modelErrors.Count:N0} test events");
        plot.XLabel("angular error (rad)");
        plot.YLabel("events");
        plot.Axes.SetLimitsX(0.0, Math.PI);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, 600, ImageFormat.Png));
    }

    /// <summary>
    /// The chosen event as seen from above (x-y) and from the side (x-z): every sensor as a grey dot, hit sensors
    /// sized by charge and coloured by first-hit time, and the directions known for it as arrows from the charge
    /// centre along the direction of travel (the opposite of the direction the particle came from).
    /// </summary>
    public static void EventDisplay(
        string path,
        EventDisplayData hits,
        SensorGeometry geometry,
        IReadOnlyList<(string Label, double Azimuth, double Zenith, Color Color)> directions)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        // Noise hits land anywhere in the ~15 us window; scaling colours to the 90th percentile keeps the light front
        // readable and paints the late stragglers in the last colour.
        var scale = new ColorScale(new ScottPlot.Colormaps.Turbo(), 0.0, Percentile(hits.FirstTime, 0.9));
        var maxCharge = hits.Charge.Length > 0 ? hits.Charge.Max() : 1.0;
        var totalCharge = hits.Charge.Sum();
        var centre = (
            X: Weighted(hits.X, hits.Charge, totalCharge),
            Y: Weighted(hits.Y, hits.Charge, totalCharge),
            Z: Weighted(hits.Z, hits.Charge, totalCharge));

        var views = new[] { ("top view", "x (m)", "y (m)", 1), ("side view", "x (m)", "z (m)", 2) };
        for (var v = 0; v < views.Length; v++)
        {
            var (name, xLabel, yLabel, axis) = views[v];
            var plot = multiplot.GetPlot(v);
            var all = plot.Add.Markers(
                ToDouble(geometry.X), ToDouble(axis == 1 ? geometry.Y : geometry.Z), MarkerShape.FilledCircle, 2f, Colors.LightGray);
            for (var h = 0; h < hits.X.Length; h++)
            {
                // Area grows with charge, so the diameter grows with its square root.
                var size = (float)(5.0 + 25.0 * Math.Sqrt(hits.Charge[h] / maxCharge));
                plot.Add.Marker(
                    hits.X[h], axis == 1 ? hits.Y[h] : hits.Z[h], MarkerShape.FilledCircle, size,
                    scale.ColorOf(hits.FirstTime[h]).WithAlpha(0.85));
            }

            foreach (var (label, azimuth, zenith, color) in directions)
            {
                var (ux, uy, uz) = Direction.ToUnitVector(azimuth, zenith);
                var start = new Coordinates(centre.X + ux * ArrowLength, axis == 1 ? centre.Y + uy * ArrowLength : centre.Z + uz * ArrowLength);
                var end = new Coordinates(centre.X - ux * ArrowLength, axis == 1 ? centre.Y - uy * ArrowLength : centre.Z - uz * ArrowLength);
                var arrow = plot.Add.Arrow(start, end);
                arrow.ArrowFillColor = color;
                arrow.ArrowLineColor = color;
                arrow.LegendText = label;
            }

            plot.Title(name);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.Axes.SquareUnits();
            if (v == 1)
            {
                var bar = plot.Add.ColorBar(scale, Edge.Right);
                bar.Label = "first-hit time (ns)";
            }
            else
            {
                plot.ShowLegend(Alignment.LowerLeft);
            }
        }

        multiplot.GetPlot(0).Title(string.Create(
            CultureInfo.InvariantCulture,
            $"event {hits.EventId}, top view: {hits.X.Length} hit sensors, {totalCharge:F0} p.e. (size: charge)"));
        Save(multiplot, path, 1400, 700);
    }

    private static void AddHistogram(Plot plot, IReadOnlyList<double> values, int bins, Color color, string label)
    {
        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(bins, 0.0, Math.PI);
        histogram.AddRange(values);
        var edges = histogram.Edges;
        var centres = new double[histogram.Counts.Length];
        for (var b = 0; b < centres.Length; b++)
        {
            centres[b] = 0.5 * (edges[b] + edges[b + 1]);
        }

        var bars = plot.Add.Bars(centres, histogram.Counts.Select(c => (double)c).ToArray());
        foreach (var bar in bars.Bars)
        {
            bar.Size = edges[1] - edges[0];
            bar.FillColor = color.WithAlpha(0.45);
            bar.LineWidth = 0;
        }

        bars.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label} (mean {values.Average():F3} rad)");
        bars.Color = color.WithAlpha(0.45);
        var mean = plot.Add.VerticalLine(values.Average());
        mean.Color = color;
        mean.LinePattern = LinePattern.Dashed;
    }

    private static double Percentile(double[] values, double fraction)
    {
        if (values.Length == 0)
        {
            return 1.0;
        }

        var sorted = values.Order().ToArray();
        var value = sorted[(int)Math.Floor(fraction * (sorted.Length - 1))];
        return value > 0.0 ? value : sorted[^1] + 1.0;
    }

    private static double Weighted(double[] values, double[] weights, double total)
    {
        if (total <= 0.0)
        {
            return values.Length > 0 ? values.Average() : 0.0;
        }

        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i] * weights[i];
        }

        return sum / total;
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private static void Save(Multiplot multiplot, string path, int width, int height) =>
        AtomicFile.WriteAllBytes(path, multiplot.Render(width, height).GetImageBytes(ImageFormat.Png, 100));
}
