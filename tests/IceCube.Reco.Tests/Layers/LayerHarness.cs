using IceCube.Reco.Compute;
using IceCube.Reco.Layers;

namespace IceCube.Reco.Tests.Layers;

/// <summary>
/// Moves test data between the double references and the float device layers: the references are always fed the
/// float-rounded values the device sees, so the comparison measures the kernels, not the input rounding.
/// </summary>
internal static class LayerHarness
{
    /// <summary>Each value rounded to float.</summary>
    public static float[] ToFloat(double[] values) => [.. values.Select(v => (float)v)];

    /// <summary>Each float widened exactly to double.</summary>
    public static double[] Widen(float[] values) => [.. values.Select(v => (double)v)];

    /// <summary>The values rounded to float precision, kept as doubles (what the reference must see).</summary>
    public static double[] RoundToFloat(double[] values) => Widen(ToFloat(values));

    /// <summary>A device tensor of <paramref name="shape"/> holding <paramref name="values"/> rounded to float.</summary>
    public static DeviceTensor Upload(Device device, double[] values, params int[] shape)
    {
        var tensor = device.Pool.Rent(shape);
        tensor.Upload(ToFloat(values));
        return tensor;
    }

    /// <summary>A batch context over <paramref name="lengths"/>; dispose its Lengths tensor after use.</summary>
    public static BatchContext Context(
        Device device, int[] lengths, bool training = true, long step = 1, ulong seed = 0)
    {
        var tensor = device.Pool.Rent(Math.Max(1, lengths.Length));
        var values = new float[tensor.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            values[i] = lengths[i];
        }

        tensor.Upload(values);
        return new BatchContext { BatchSize = lengths.Length, Lengths = tensor, Training = training, Step = step, Seed = seed };
    }

    /// <summary>Sets a parameter's value from doubles (rounded to float).</summary>
    public static void Set(Parameter parameter, double[] values) => parameter.Value.Upload(ToFloat(values));
}
