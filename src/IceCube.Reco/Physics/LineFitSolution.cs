namespace IceCube.Reco.Physics;

/// <summary>
/// A fitted line r(t) = (X0, Y0, Z0) + (Vx, Vy, Vz) (t - T0): positions in m, times in ns, velocity in m/ns.
/// The default value has <see cref="Valid"/> false: the fit was undefined.
/// </summary>
internal readonly record struct LineFitSolution(
    bool Valid, double T0, double X0, double Y0, double Z0, double Vx, double Vy, double Vz)
{
    /// <summary>Distance (m) between a pulse at (x, y, z) (m) and where the line is at the pulse's time (ns).</summary>
    public double Residual(double x, double y, double z, long time)
    {
        var dt = time - T0;
        var dx = x - (X0 + Vx * dt);
        var dy = y - (Y0 + Vy * dt);
        var dz = z - (Z0 + Vz * dt);
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
