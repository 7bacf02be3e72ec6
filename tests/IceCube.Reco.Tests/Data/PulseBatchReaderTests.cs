using IceCube.Reco.Data;
using ParquetSharp;

namespace IceCube.Reco.Tests.Data;

public class PulseBatchReaderTests
{
    private const int Sensors = 40;

    [TestCase(false)]
    [TestCase(true)]
    public void RoundTrip_ReturnsEveryColumnAndEvent(bool required)
    {
        using var folder = new TempFolder();
        var events = TestEvents.Random(new Random(5), 100, 30, 25, Sensors);
        var path = folder.File("batch_3.parquet");
        TestEvents.WriteBatch(path, events, required, rowGroupRows: 37);

        var batch = new PulseBatch();
        new PulseBatchReader().Read(path, 3, Sensors, batch);

        var all = events.SelectMany(e => e.Pulses).ToArray();
        Assert.That(batch.Count, Is.EqualTo(all.Length));
        Assert.That(batch.SensorId.ToArray(), Is.EqualTo(all.Select(p => p.Sensor).ToArray()));
        Assert.That(batch.Time.ToArray(), Is.EqualTo(all.Select(p => p.Time).ToArray()));
        Assert.That(batch.Charge.ToArray(), Is.EqualTo(all.Select(p => (float)p.Charge).ToArray()));
        Assert.That(batch.Auxiliary.ToArray(), Is.EqualTo(all.Select(p => p.Auxiliary).ToArray()));
        Assert.That(batch.RunCount, Is.EqualTo(events.Count(e => e.Pulses.Length > 0)));

        var first = 0L;
        foreach (var e in events)
        {
            var pulses = batch.GetEvent(e.EventId, first, first + e.Pulses.Length - 1);
            Assert.That(pulses.Count, Is.EqualTo(e.Pulses.Length));
            Assert.That(pulses.Time.ToArray(), Is.EqualTo(e.Pulses.Select(p => p.Time).ToArray()));
            first += e.Pulses.Length;
        }
    }

    [Test]
    public void OtherColumnOrderAndNarrowerTypes_AreRead()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_1.parquet");
        Column[] columns =
        [
            new Column<long>("event_id"),
            new Column<float>("charge"),
            new Column<bool>("auxiliary"),
            new Column<int>("time"),
            new Column<int>("sensor_id"),
            new Column<double>("extra"),
        ];
        using (var writer = new ParquetFileWriter(path, columns))
        {
            using var group = writer.AppendRowGroup();
            using (var c = group.NextColumn().LogicalWriter<long>()) { c.WriteBatch([7, 7, 9]); }
            using (var c = group.NextColumn().LogicalWriter<float>()) { c.WriteBatch([0.5f, 2.25f, 1f]); }
            using (var c = group.NextColumn().LogicalWriter<bool>()) { c.WriteBatch([false, true, false]); }
            using (var c = group.NextColumn().LogicalWriter<int>()) { c.WriteBatch([100, 150, 90]); }
            using (var c = group.NextColumn().LogicalWriter<int>()) { c.WriteBatch([3, 0, 39]); }
            using (var c = group.NextColumn().LogicalWriter<double>()) { c.WriteBatch([1, 2, 3]); }
            writer.Close();
        }

        var batch = new PulseBatch();
        new PulseBatchReader().Read(path, 1, Sensors, batch);
        Assert.That(batch.SensorId.ToArray(), Is.EqualTo(new short[] { 3, 0, 39 }));
        Assert.That(batch.Time.ToArray(), Is.EqualTo(new long[] { 100, 150, 90 }));
        Assert.That(batch.Charge.ToArray(), Is.EqualTo(new[] { 0.5f, 2.25f, 1f }));
        Assert.That(batch.Auxiliary.ToArray(), Is.EqualTo(new[] { false, true, false }));
        Assert.That(batch.GetEvent(9, 2, 2).Count, Is.EqualTo(1));
    }

    [Test]
    public void MissingColumn_NamesFileAndColumn()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_1.parquet");
        WriteColumns(path, new Column<short>("sensor_id"), new Column<long>("time"), new Column<bool>("auxiliary"), new Column<long>("event_id"));
        var error = Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(path, 1, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'charge'").And.Contain("missing"));
    }

    [Test]
    public void UnsupportedType_NamesFileAndColumn()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_1.parquet");
        WriteColumns(path, new Column<short>("sensor_id"), new Column<long>("time"), new Column<string>("charge"),
            new Column<bool>("auxiliary"), new Column<long>("event_id"));
        var error = Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(path, 1, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'charge'").And.Contain("unsupported type"));
    }

    [Test]
    public void NullValue_IsRefused()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_1.parquet");
        using (var writer = new ParquetFileWriter(path, [new Column<short?>("sensor_id"), new Column<long?>("time"),
            new Column<double?>("charge"), new Column<bool?>("auxiliary"), new Column<long?>("event_id")]))
        {
            using var group = writer.AppendRowGroup();
            using (var c = group.NextColumn().LogicalWriter<short?>()) { c.WriteBatch([1, 2]); }
            using (var c = group.NextColumn().LogicalWriter<long?>()) { c.WriteBatch([1, null]); }
            using (var c = group.NextColumn().LogicalWriter<double?>()) { c.WriteBatch([1, 2]); }
            using (var c = group.NextColumn().LogicalWriter<bool?>()) { c.WriteBatch([true, false]); }
            using (var c = group.NextColumn().LogicalWriter<long?>()) { c.WriteBatch([5, 5]); }
            writer.Close();
        }

        var error = Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(path, 1, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'time'").And.Contain("null"));
    }

    [TestCase((short)40, "outside the sensor geometry")]
    [TestCase((short)-1, "outside the sensor geometry")]
    public void SensorOutsideGeometry_IsRefused(short sensor, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_1.parquet");
        TestEvents.WriteBatch(path, [new TestEvent(1, 0, 0, [new(0, 1, 1, false), new(sensor, 2, 1, false)])]);
        var error = Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(path, 1, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("row 1").And.Contain(expected));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(0.0)]
    [TestCase(-1.0)]
    public void BadCharge_IsRefused(double charge)
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_1.parquet");
        TestEvents.WriteBatch(path, [new TestEvent(1, 0, 0, [new(0, 1, 1, false), new(1, 2, charge, false)])]);
        var error = Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(path, 1, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'charge' row 1"));
    }

    [Test]
    public void MissingFile_NamesPathAndLayout()
    {
        using var folder = new TempFolder();
        var path = folder.File("train/batch_8.parquet");
        var error = Assert.Throws<FileNotFoundException>(() => new PulseBatchReader().Read(path, 8, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("batch_<n>.parquet"));
    }

    [Test]
    public void TruncatedOrCorruptFile_GivesManagedErrorNamingFile()
    {
        using var folder = new TempFolder();
        var good = folder.File("good.parquet");
        TestEvents.WriteBatch(good, TestEvents.Random(new Random(1), 0, 20, 30, Sensors), rowGroupRows: 1000);
        var bytes = File.ReadAllBytes(good);

        var truncated = folder.File("truncated.parquet");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(truncated, 1, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(truncated));

        var empty = folder.File("empty.parquet");
        File.WriteAllBytes(empty, []);
        Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(empty, 1, Sensors, new PulseBatch()));

        // Garbage in the column data with an intact footer: decoding must fail cleanly, not crash the process.
        var corrupt = folder.File("corrupt.parquet");
        var damaged = (byte[])bytes.Clone();
        var random = new Random(2);
        for (var i = 4; i < damaged.Length / 2; i++)
        {
            damaged[i] = (byte)random.Next(256);
        }

        File.WriteAllBytes(corrupt, damaged);
        error = Assert.Throws<InvalidDataException>(() => new PulseBatchReader().Read(corrupt, 1, Sensors, new PulseBatch()));
        Assert.That(error!.Message, Does.Contain(corrupt));
    }

    [Test]
    public void EventRangeOutsideFile_NamesBatchEventAndRows()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_4.parquet");
        TestEvents.WriteBatch(path, [new TestEvent(11, 0, 0, [new(0, 1, 1, false), new(1, 2, 1, false)])]);
        var batch = new PulseBatch();
        new PulseBatchReader().Read(path, 4, Sensors, batch);
        var error = Assert.Throws<InvalidDataException>(() => batch.GetEvent(11, 0, 2));
        Assert.That(error!.Message, Does.Contain("batch 4").And.Contain("event 11").And.Contain("0..2"));
        Assert.Throws<InvalidDataException>(() => batch.GetEvent(11, -1, 0));
        Assert.Throws<InvalidDataException>(() => batch.GetEvent(11, 1, -1));
        Assert.That(batch.GetEvent(11, 1, 0).Count, Is.Zero, "last = first - 1 is an event with no pulses");
    }

    [Test]
    public void EventIdMismatch_NamesBatchEventAndRows()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_4.parquet");
        TestEvents.WriteBatch(path, [
            new TestEvent(11, 0, 0, [new(0, 1, 1, false), new(1, 2, 1, false)]),
            new TestEvent(12, 0, 0, [new(0, 1, 1, false), new(1, 2, 1, false)]),
        ]);
        var batch = new PulseBatch();
        new PulseBatchReader().Read(path, 4, Sensors, batch);
        var error = Assert.Throws<InvalidDataException>(() => batch.GetEvent(12, 0, 1));
        Assert.That(error!.Message, Does.Contain("batch 4").And.Contain("event 12").And.Contain("0..1").And.Contain("event_id 11"));
        error = Assert.Throws<InvalidDataException>(() => batch.GetEvent(11, 0, 2));
        Assert.That(error!.Message, Does.Contain("event_id 12"));
        Assert.That(batch.GetEvent(12, 2, 3).Count, Is.EqualTo(2));
    }

    private static void WriteColumns(string path, params Column[] columns)
    {
        using var writer = new ParquetFileWriter(path, columns);
        using var group = writer.AppendRowGroup();
        foreach (var column in columns)
        {
            using var c = group.NextColumn();
            switch (column)
            {
                case Column<short>:
                    using (var w = c.LogicalWriter<short>()) { w.WriteBatch([1]); }
                    break;
                case Column<long>:
                    using (var w = c.LogicalWriter<long>()) { w.WriteBatch([1]); }
                    break;
                case Column<bool>:
                    using (var w = c.LogicalWriter<bool>()) { w.WriteBatch([true]); }
                    break;
                case Column<string>:
                    using (var w = c.LogicalWriter<string>()) { w.WriteBatch(["1.0"]); }
                    break;
            }
        }

        writer.Close();
    }
}
