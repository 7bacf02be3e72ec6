using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Tests.Data;

namespace IceCube.Reco.Tests.Training;

/// <summary>
/// A small learnable dataset in the Kaggle layout: 60 sensors on a 5 x 4 x 3 grid (100 m spacing) and straight
/// tracks whose pulses arrive in the order the track passes the sensors (time = position along the track / c),
/// so the direction is in the (position, time) features and a small network can learn it.
/// </summary>
internal static class TinyDataset
{
    private const int Sensors = 60;

    /// <summary>Sensor positions in metres.</summary>
    public static SensorGeometry Geometry()
    {
        var x = new float[Sensors];
        var y = new float[Sensors];
        var z = new float[Sensors];
        for (int i = 0; i < Sensors; i++)
        {
            x[i] = -200f + (100f * (i % 5));
            y[i] = -150f + (100f * (i / 5 % 4));
            z[i] = -100f + (100f * (i / 20));
        }

        return new SensorGeometry(x, y, z);
    }

    /// <summary>Writes train (with targets) and test files; test events have ids 900000 + 7 i in meta order.</summary>
    public static void Write(string root, int trainEvents, int testEvents, int seed, int maxPulses = 14)
    {
        var random = new Random(seed);
        var geometry = Geometry();
        geometry.Save(KaggleLayout.GeometryPath(root));
        var train = Events(random, geometry, 1000, 3, trainEvents, maxPulses);
        TestEvents.WriteSplit(root, KaggleSplit.Train, [(1, train[..(trainEvents / 2)]), (2, train[(trainEvents / 2)..])]);
        if (testEvents > 0)
        {
            TestEvents.WriteSplit(root, KaggleSplit.Test, [(661, Events(random, geometry, 900000, 7, testEvents, maxPulses))]);
        }
    }

    /// <summary>The pulses of a test event as an in-memory event.</summary>
    public static PulseEvent ToPulseEvent(TestEvent e) => new(
        e.EventId,
        [.. e.Pulses.Select(p => p.Sensor)],
        [.. e.Pulses.Select(p => p.Time)],
        [.. e.Pulses.Select(p => (float)p.Charge)],
        [.. e.Pulses.Select(p => p.Auxiliary)]);

    /// <summary>Random isotropic tracks through the detector.</summary>
    public static TestEvent[] Events(Random random, SensorGeometry geometry, long firstId, int idStep, int count, int maxPulses)
    {
        var events = new TestEvent[count];
        for (int e = 0; e < count; e++)
        {
            double azimuth = random.NextDouble() * 2 * Math.PI;
            double zenith = Math.Acos((2 * random.NextDouble()) - 1);
            var (ux, uy, uz) = Direction.ToUnitVector(azimuth, zenith);
            int n = random.Next(4, maxPulses + 1);
            var pulses = new List<TestPulse>(n);
            for (int p = 0; p < n; p++)
            {
                short sensor = (short)random.Next(Sensors);

                // The particle travels along -u at 0.3 m/ns: sensors further along -u see light later.
                double along = -((geometry.X[sensor] * ux) + (geometry.Y[sensor] * uy) + (geometry.Z[sensor] * uz));
                long time = 10_000 + (long)((along / 0.3) + (random.NextDouble() * 20));
                pulses.Add(new TestPulse(sensor, time, 0.025 * random.Next(4, 200), random.NextDouble() < 0.2));
            }

            pulses.Sort((a, b) => a.Time.CompareTo(b.Time));
            events[e] = new TestEvent(firstId + (idStep * e), azimuth, zenith, [.. pulses]);
        }

        return events;
    }
}
