using IceCube.Reco.Simulation;

namespace IceCube.Reco.Tests.Simulation;

public class DetectorGeometryTests
{
    private static (double X, double Y)[] Strings()
    {
        var geometry = DetectorGeometry.IceCube86();
        return Enumerable.Range(0, 86).Select(s => ((double)geometry.X[s * 60], (double)geometry.Y[s * 60])).ToArray();
    }

    [Test]
    public void HasSixtySensorsOnEachOfEightySixStrings()
    {
        var geometry = DetectorGeometry.IceCube86();
        Assert.That(geometry.Count, Is.EqualTo(5160));
        for (var s = 0; s < 86; s++)
        {
            for (var dom = 1; dom < 60; dom++)
            {
                var id = s * 60 + dom;
                Assert.That(geometry.X[id], Is.EqualTo(geometry.X[s * 60]), $"string {s + 1} is vertical");
                Assert.That(geometry.Y[id], Is.EqualTo(geometry.Y[s * 60]), $"string {s + 1} is vertical");
                Assert.That(geometry.Z[id], Is.LessThan(geometry.Z[id - 1]), $"DOM 1 is at the top of string {s + 1}");
            }
        }

        Assert.That(Strings().Distinct().Count(), Is.EqualTo(86));
    }

    [Test]
    public void StandardStringsHoldADomEvery17Metres()
    {
        var geometry = DetectorGeometry.IceCube86();
        for (var s = 0; s < 78; s++)
        {
            Assert.That(geometry.Z[s * 60], Is.EqualTo(500.0).Within(1e-3));
            Assert.That(geometry.Z[s * 60 + 59], Is.EqualTo(500.0 - 59 * 17.02).Within(1e-3));
            for (var dom = 1; dom < 60; dom++)
            {
                Assert.That(geometry.Z[s * 60 + dom - 1] - geometry.Z[s * 60 + dom], Is.EqualTo(17.02).Within(1e-3));
            }
        }
    }

    [Test]
    public void DeepCoreStringsHaveTheTenPlusFiftySpacing()
    {
        var geometry = DetectorGeometry.IceCube86();
        for (var s = 78; s < 86; s++)
        {
            var z = Enumerable.Range(0, 60).Select(d => (double)geometry.Z[s * 60 + d]).ToArray();
            Assert.That(z[0], Is.EqualTo(188.0).Within(1e-3));
            Assert.That(z[9], Is.EqualTo(98.0).Within(1e-3));
            Assert.That(z[10], Is.EqualTo(-159.0).Within(1e-3));
            Assert.That(z[59], Is.EqualTo(-502.0).Within(1e-3));
            for (var d = 1; d < 10; d++)
            {
                Assert.That(z[d - 1] - z[d], Is.EqualTo(10.0).Within(1e-3));
            }

            for (var d = 11; d < 60; d++)
            {
                Assert.That(z[d - 1] - z[d], Is.EqualTo(7.0).Within(1e-3));
            }
        }
    }

    [Test]
    public void StandardStringsSitOnA125MetreTriangularGridAroundTheOrigin()
    {
        var strings = Strings();
        var standard = strings.Take(78).ToArray();
        for (var i = 0; i < standard.Length; i++)
        {
            var distances = standard.Where((_, j) => j != i)
                .Select(p => Math.Sqrt((p.X - standard[i].X) * (p.X - standard[i].X) + (p.Y - standard[i].Y) * (p.Y - standard[i].Y)))
                .ToArray();
            Assert.That(distances.Min(), Is.EqualTo(125.0).Within(1e-3), $"string {i + 1}");
        }

        Assert.That(standard.Average(p => p.X), Is.EqualTo(0.0).Within(1e-3));
        Assert.That(standard.Average(p => p.Y), Is.EqualTo(0.0).Within(1e-3));
        // The real extent is x -571..576, y -521..510; a hexagon of the same rows lands close to it.
        Assert.That(standard.Max(p => Math.Abs(p.X)), Is.InRange(500.0, 700.0));
        Assert.That(standard.Max(p => Math.Abs(p.Y)), Is.InRange(450.0, 600.0));
    }

    [Test]
    public void DeepCoreStringsAreCloseToTheirNeighboursNearTheCentre()
    {
        var strings = Strings();
        for (var s = 78; s < 86; s++)
        {
            var nearest = strings.Where((_, j) => j != s)
                .Min(p => Math.Sqrt((p.X - strings[s].X) * (p.X - strings[s].X) + (p.Y - strings[s].Y) * (p.Y - strings[s].Y)));
            Assert.That(nearest, Is.InRange(40.0, 75.0), $"string {s + 1}");
            Assert.That(Math.Sqrt(strings[s].X * strings[s].X + strings[s].Y * strings[s].Y), Is.LessThan(150.0));
        }
    }
}
