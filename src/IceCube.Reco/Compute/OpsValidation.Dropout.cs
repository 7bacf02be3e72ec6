namespace IceCube.Reco.Compute;

/// <summary>Operand checks of the dropout op.</summary>
internal static partial class OpsValidation
{
    /// <summary>Same element count, both contiguous; rate in [0, 1).</summary>
    public static void Dropout(Device device, DeviceTensor? input, DeviceTensor? output, float rate)
    {
        SameShape(device, input, "input", output, "output");
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException("rate", rate, "The dropout rate must be in [0, 1).");
        }
    }
}
