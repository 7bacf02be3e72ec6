namespace IceCube.Reco.Data;

/// <summary>Which events of a split a generator yields.</summary>
internal enum EventFilter
{
    /// <summary>Every event.</summary>
    All,

    /// <summary>Events outside the validation part.</summary>
    Training,

    /// <summary>Events of the validation part.</summary>
    Validation,
}
