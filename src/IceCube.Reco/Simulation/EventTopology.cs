namespace IceCube.Reco.Simulation;

/// <summary>The kind of light source a simulated event has.</summary>
public enum EventTopology
{
    /// <summary>A muon track entering from outside; it may cross the detector or only clip its edge.</summary>
    ThroughGoingTrack = 0,

    /// <summary>A neutrino interaction inside the detector: a hadronic cascade at the vertex and an outgoing muon.</summary>
    StartingTrack = 1,

    /// <summary>A point-like electromagnetic or hadronic shower.</summary>
    Cascade = 2,
}
