namespace IceCube.Reco.Data;

/// <summary>Which pulses of an event are kept when it has more than the maximum; kept pulses stay in time order.</summary>
public enum PulseSelection
{
    /// <summary>
    /// Non-auxiliary pulses first (earliest first), then auxiliary ones (earliest first) while room is left.
    /// Events with no more pulses than the maximum keep all of them.
    /// </summary>
    NonAuxiliaryFirst,

    /// <summary>Only non-auxiliary pulses, the earliest ones up to the maximum; auxiliary pulses are always dropped.</summary>
    NonAuxiliaryOnly,
}
