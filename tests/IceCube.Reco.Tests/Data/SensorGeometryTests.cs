using IceCube.Reco.Data;

namespace IceCube.Reco.Tests.Data;

public class SensorGeometryTests
{
    [Test]
    public void SaveThenLoad_RoundTripsExactly()
    {
        using var folder = new TempFolder();
        var x = new[] { -256.14f, -256.14f, 0.1f + 0.2f, float.Epsilon };
        var y = new[] { -521.08f, -521.08f, 1e-7f, 3.4e38f };
        var z = new[] { 496.03f, 479.01f, -500.73f, -0f };
        var path = folder.File("sub/sensor_geometry.csv");
        new SensorGeometry(x, y, z).Save(path);
        var loaded = SensorGeometry.Load(path);
        Assert.That(loaded.Count, Is.EqualTo(4));
        Assert.That(loaded.X.ToArray(), Is.EqualTo(x));
        Assert.That(loaded.Y.ToArray(), Is.EqualTo(y));
        Assert.That(loaded.Z.ToArray(), Is.EqualTo(z));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1), "no temporary file left");
    }

    [Test]
    public void Load_AcceptsAnyRowAndColumnOrder()
    {
        using var folder = new TempFolder();
        var path = folder.File("g.csv");
        File.WriteAllText(path, "z,sensor_id,y,x\n3.5,1,2.5,1.5\n-3,0,-2,-1\n");
        var g = SensorGeometry.Load(path);
        Assert.That(g.X.ToArray(), Is.EqualTo(new[] { -1f, 1.5f }));
        Assert.That(g.Y.ToArray(), Is.EqualTo(new[] { -2f, 2.5f }));
        Assert.That(g.Z.ToArray(), Is.EqualTo(new[] { -3f, 3.5f }));
    }

    [TestCase("sensor_id,x,y\n0,1,2\n", "column 'z'")]
    [TestCase("sensor_id,x,y,z\n0,1,2,3\n2,1,2,3\n", "sensor_id 2")]
    [TestCase("sensor_id,x,y,z\n0,1,2,3\n0,1,2,3\n", "more than once")]
    [TestCase("sensor_id,x,y,z\n-1,1,2,3\n", "sensor_id -1")]
    [TestCase("sensor_id,x,y,z\n0,1,2,3\n1,abc,2,3\n", "line 3")]
    [TestCase("sensor_id,x,y,z\n0,1,NaN,3\n", "line 2")]
    [TestCase("sensor_id,x,y,z\n0,1,2\n", "line 2")]
    [TestCase("sensor_id,x,y,z\nzero,1,2,3\n", "not an integer")]
    [TestCase("sensor_id,x,y,z\n", "no sensors")]
    [TestCase("", "empty")]
    public void Load_BadFile_NamesFileAndProblem(string content, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.csv");
        File.WriteAllText(path, content);
        var error = Assert.Throws<InvalidDataException>(() => SensorGeometry.Load(path));
        Assert.That(error!.Message, Does.Contain(path).And.Contain(expected));
    }

    [Test]
    public void Load_MissingFile_NamesPathAndLayout()
    {
        using var folder = new TempFolder();
        var path = folder.File("sensor_geometry.csv");
        var error = Assert.Throws<FileNotFoundException>(() => SensorGeometry.Load(path));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("sensor_id,x,y,z"));
    }

    [Test]
    public void Constructor_RefusesBadArrays()
    {
        Assert.Throws<ArgumentException>(() => new SensorGeometry([1f], [1f, 2f], [1f]));
        Assert.Throws<ArgumentException>(() => new SensorGeometry([], [], []));
        Assert.Throws<ArgumentException>(() => new SensorGeometry([float.NaN], [1f], [1f]));
        Assert.Throws<ArgumentException>(() => new SensorGeometry([1f], [1f], [float.PositiveInfinity]));
    }

    [Test]
    public void Constructor_CopiesItsInput()
    {
        var x = new[] { 1f };
        var g = new SensorGeometry(x, [2f], [3f]);
        x[0] = 9f;
        Assert.That(g.X[0], Is.EqualTo(1f));
    }
}
