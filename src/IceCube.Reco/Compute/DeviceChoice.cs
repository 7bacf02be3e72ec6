using System.Globalization;

namespace IceCube.Reco.Compute;

/// <summary>
/// A parsed device choice string: "auto", "cpu", "host-simd", "ilgpu-cpu", "cuda" or "cuda:N" (case-insensitive,
/// surrounding blanks ignored),
/// and the precedence rule explicit choice, then the ICECUBE_RECO_DEVICE environment variable, then "auto".
/// </summary>
internal readonly record struct DeviceChoice(DeviceKind? Kind, int Index)
{
    /// <summary>The environment variable consulted when no explicit choice is given.</summary>
    public const string EnvironmentVariable = "ICECUBE_RECO_DEVICE";

    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms =
        "\"auto\", \"cpu\", \"host-simd\", \"ilgpu-cpu\", \"cuda\" or \"cuda:N\" with N a device index >= 0";

    /// <summary>True for "auto": CUDA when present, else the host-SIMD CPU device.</summary>
    public bool IsAuto => Kind is null;

    /// <summary>Parses a choice string; <paramref name="source"/> names where it came from for the error message.</summary>
    public static DeviceChoice Parse(string? choice, string source)
    {
        string text = (choice ?? string.Empty).Trim().ToLowerInvariant();
        if (text == "auto")
        {
            return new DeviceChoice(null, 0);
        }

        if (text is "cpu" or "host-simd")
        {
            return new DeviceChoice(DeviceKind.HostSimd, 0);
        }

        if (text == "ilgpu-cpu")
        {
            return new DeviceChoice(DeviceKind.IlgpuCpu, 0);
        }

        if (text == "cuda")
        {
            return new DeviceChoice(DeviceKind.Cuda, 0);
        }

        if (text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return new DeviceChoice(DeviceKind.Cuda, index);
        }

        throw new ArgumentException(
            $"Unknown device choice \"{choice}\" (from {source}); accepted forms: {AcceptedForms}.", source);
    }

    /// <summary>
    /// Applies the precedence: a non-blank explicit choice wins, then a non-blank environment value, then "auto".
    /// </summary>
    public static DeviceChoice Resolve(string? explicitChoice, string? environmentValue)
    {
        if (!string.IsNullOrWhiteSpace(explicitChoice))
        {
            return Parse(explicitChoice, "explicitChoice");
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return Parse(environmentValue, EnvironmentVariable);
        }

        return new DeviceChoice(null, 0);
    }
}
