using ScottPlot;

namespace TrainPredictSubmit;

/// <summary>A colormap over a fixed value range, so a colour bar can label colours that markers were given by hand.</summary>
/// <param name="colormap">The colormap.</param>
/// <param name="min">The value at the colormap's start.</param>
/// <param name="max">The value at its end.</param>
internal sealed class ColorScale(IColormap colormap, double min, double max) : IHasColorAxis
{
    /// <inheritdoc />
    public IColormap Colormap { get; } = colormap;

    /// <inheritdoc />
    public ScottPlot.Range GetRange() => new(min, max);

    /// <summary>The colour of a value; values outside the range get the end colours.</summary>
    public Color ColorOf(double value) =>
        Colormap.GetColor(max > min ? Math.Clamp((value - min) / (max - min), 0.0, 1.0) : 0.0);
}
