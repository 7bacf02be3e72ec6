using System.Globalization;
using IceCube.Reco.Data;
using IceCube.Reco.Physics;
using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

/// <summary>
/// Prints the realism figures of docs/simulation.md for a large sample. Explicit: it takes a while, and it measures
/// rather than checks (the cheap checks are in <see cref="SimulationRealismTests"/>). Run with
/// <c>dotnet test -c Release --filter FullyQualifiedName~SimulationRealismReport --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("Measures realism on 100,000 events; run by hand for docs/simulation.md.")]
public class SimulationRealismReport
{
    [Test]
    public void Report()
    {
        const int events = 100_000;
        // Warm up the JIT, then time the run by the process's CPU time, which other load on the machine barely
        // changes (wall time on a shared machine does).
        EventSimulator.Simulate(new SimulationOptions { Seed = 1 }, 0, 2000);
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var batch = EventSimulator.Simulate(new SimulationOptions { Seed = 2026 }, 0, events);
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var output = TestContext.Out;
        output.WriteLine(FormattableString.Invariant(
            $"simulation: {cpu:F1} s of CPU time ({events / cpu:F0} events per CPU-second), {wall:F1} s wall on {Environment.ProcessorCount} threads"));
        string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

        var counts = Enumerable.Range(0, events).Select(e => batch.LastPulseIndex[e] - batch.FirstPulseIndex[e] + 1).OrderBy(c => c).ToArray();
        output.WriteLine($"events {events}, pulses {batch.PulseCount}");
        output.WriteLine($"pulses per event: median {counts[events / 2]}, mean {F(counts.Average())}, p90 {counts[events * 9 / 10]}, " +
            $"p99 {counts[events * 99 / 100]}, max {counts[^1]}, events over 1,000: {counts.Count(c => c > 1000)}");
        output.WriteLine($"auxiliary fraction {F(batch.Auxiliary.ToArray().Count(a => a) / (double)batch.PulseCount)}");
        var firsts = Enumerable.Range(0, events).Select(e => batch.Time[(int)batch.FirstPulseIndex[e]]).OrderBy(t => t).ToArray();
        var times = batch.Time.ToArray();
        Array.Sort(times);
        output.WriteLine($"first pulse time median {firsts[events / 2]} ns; all pulses min {times[0]}, median {times[times.Length / 2]}, max {times[^1]} ns");
        var charges = batch.Charge.ToArray();
        Array.Sort(charges);
        output.WriteLine($"charge median {F(charges[charges.Length / 2])}, mean {F(charges.Average())}, max {F(charges[^1])} p.e.");
        var zenith = batch.Zenith.ToArray();
        var meanZenith = zenith.Average();
        output.WriteLine($"zenith mean {F(meanZenith)}, std {F(Math.Sqrt(zenith.Average(z => (z - meanZenith) * (z - meanZenith))))}");

        var geometry = DetectorGeometry.IceCube86();
        var truthAzimuth = batch.Azimuth.ToArray();
        var azimuth = new double[events];
        var fitted = new double[events];
        (string Name, LineFitOptions Options)[] fits =
        [
            ("LineFit (non-auxiliary, default)", LineFitOptions.Default),
            ("LineFit improved (Huber)", new LineFitOptions { Improved = true }),
            ("LineFit on all pulses", new LineFitOptions { NonAuxiliaryOnly = false }),
        ];
        foreach (var (name, options) in fits)
        {
            LineFitBaseline.FitBatch(geometry, batch.SensorId, batch.Time, batch.Charge, batch.Auxiliary,
                batch.FirstPulseIndex, batch.LastPulseIndex, azimuth, fitted, options);
            var line = $"{name}: mean angular error {F(AngularError.Mean(truthAzimuth, zenith, azimuth, fitted))}";
            foreach (var topology in Enum.GetValues<EventTopology>())
            {
                var picked = Enumerable.Range(0, events).Where(e => batch.Topology[e] == topology).ToArray();
                var mean = picked.Average(e => AngularError.Angle(truthAzimuth[e], zenith[e], azimuth[e], fitted[e]));
                line += $", {topology} {F(mean)} ({picked.Length})";
            }

            output.WriteLine(line);
        }

        var constant = Enumerable.Range(0, events).Average(e => AngularError.Angle(truthAzimuth[e], zenith[e], LineFit.FallbackAzimuth, LineFit.FallbackZenith));
        output.WriteLine($"constant prediction (azimuth 0, zenith pi/2): {F(constant)}");
    }
}
