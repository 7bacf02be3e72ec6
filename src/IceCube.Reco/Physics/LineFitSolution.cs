using IceCube.Reco.Data;

namespace IceCube.Reco.Physics;

/// <summary>
/// A fitted line r(t) = (X0, Y0, Z0) + (Vx, Vy, Vz) (t - T0): positions in m, times in ns, velocity in m/ns.
/// The default value has <see cref="Valid"/> false: the fit was undefined.
/// </summary>
internal readonly record struct LineFitSolution(
    bool Valid, double T0, double X0, double Y0, double Z0, double Vx, double Vy, double Vz)
{
    /// <summary>Distance (m) between a pulse's sensor and where the line is at the pulse's time.</summary>
    public double Residual(SensorGeometry geometry, short sensor, long time)
    {
        var dt = time - T0;
        var dx = geometry.X[sensor] - (X0 + Vx * dt);
        var dy = geometry.Y[sensor] - (Y0 + Vy * dt);
        var dz = geometry.Z[sensor] - (Z0 + Vz * dt);
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
