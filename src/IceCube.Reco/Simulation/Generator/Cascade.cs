namespace IceCube.Reco.Simulation;

/// <summary>
/// A point-like shower of an event: a neutrino vertex or one of a muon's stochastic losses.
/// </summary>
/// <param name="X">Position x (m).</param>
/// <param name="Y">Position y (m).</param>
/// <param name="Z">Position z (m).</param>
/// <param name="Time">Time (ns) relative to the muon's passage through the track's reference point.</param>
/// <param name="Yield">Expected p.e. at 1 m before attenuation.</param>
internal readonly record struct Cascade(double X, double Y, double Z, double Time, double Yield);
