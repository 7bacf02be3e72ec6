using IceCube.Reco.Data;
using ParquetSharp;

namespace IceCube.Reco.Tests.Data;

public class MetaReaderTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void IndexAndReadBatch_KeepOnlyThatBatchsRows(bool required)
    {
        using var folder = new TempFolder();
        var path = folder.File("train_meta.parquet");
        // Batches 5, 2, 9 in that order, row groups of 4 rows cutting across them; batch 2 fills row group 1 alone.
        long[] batch = [5, 5, 5, 2, 2, 2, 2, 2, 9, 9, 9];
        var eventId = batch.Select((b, i) => b * 100 + i).ToArray();
        using (var writer = new MetaWriter(path, withTargets: true, required))
        {
            for (var start = 0; start < batch.Length; start += 4)
            {
                var n = Math.Min(4, batch.Length - start);
                var rows = Enumerable.Range(start, n).ToArray();
                writer.WriteRowGroup(
                    [.. rows.Select(i => batch[i])], [.. rows.Select(i => eventId[i])], [.. rows.Select(i => (long)i * 10)],
                    [.. rows.Select(i => (long)i * 10 + 9)], [.. rows.Select(i => i * 0.5)], [.. rows.Select(i => i * 0.25)]);
            }

            writer.Commit();
        }

        var reader = new MetaReader(path, withTargets: true);
        var index = reader.BuildIndex();
        Assert.That(index.BatchIds, Is.EqualTo(new long[] { 5, 2, 9 }));
        Assert.That(index.EventCount, Is.EqualTo(11));
        Assert.That(index.EventCountOf(2), Is.EqualTo(5));
        Assert.That(index.RangesOf(2), Is.EqualTo(new[] { new MetaRowRange(0, 3, 4), new MetaRowRange(1, 0, 4) }));

        var events = new BatchEvents();
        foreach (var b in new long[] { 9, 2, 5 })
        {
            reader.ReadBatch(index, b, events);
            var rows = Enumerable.Range(0, batch.Length).Where(i => batch[i] == b).ToArray();
            Assert.That(events.EventId.ToArray(), Is.EqualTo(rows.Select(i => eventId[i]).ToArray()));
            Assert.That(events.FirstPulse.ToArray(), Is.EqualTo(rows.Select(i => (long)i * 10).ToArray()));
            Assert.That(events.LastPulse.ToArray(), Is.EqualTo(rows.Select(i => (long)i * 10 + 9).ToArray()));
            Assert.That(events.Azimuth.ToArray(), Is.EqualTo(rows.Select(i => i * 0.5).ToArray()));
            Assert.That(events.Zenith.ToArray(), Is.EqualTo(rows.Select(i => i * 0.25).ToArray()));
        }
    }

    [Test]
    public void InterleavedBatchesAndNarrowTypes_AreRead()
    {
        using var folder = new TempFolder();
        var path = folder.File("test_meta.parquet");
        // INT32 ids and FLOAT angles, columns in another order, batches interleaved inside one row group.
        using (var writer = new ParquetFileWriter(path, [
            new Column<float>("zenith"), new Column<int>("event_id"), new Column<int>("last_pulse_index"),
            new Column<int>("batch_id"), new Column<float>("azimuth"), new Column<int>("first_pulse_index")]))
        {
            using var group = writer.AppendRowGroup();
            using (var c = group.NextColumn().LogicalWriter<float>()) { c.WriteBatch([0.5f, 1.5f, 2.5f, 3f]); }
            using (var c = group.NextColumn().LogicalWriter<int>()) { c.WriteBatch([1, 2, 3, 4]); }
            using (var c = group.NextColumn().LogicalWriter<int>()) { c.WriteBatch([9, 4, 19, 9]); }
            using (var c = group.NextColumn().LogicalWriter<int>()) { c.WriteBatch([1, 2, 1, 2]); }
            using (var c = group.NextColumn().LogicalWriter<float>()) { c.WriteBatch([0.25f, 1.25f, 2.25f, 3.25f]); }
            using (var c = group.NextColumn().LogicalWriter<int>()) { c.WriteBatch([0, 0, 10, 5]); }
            writer.Close();
        }

        var reader = new MetaReader(path, withTargets: true);
        var index = reader.BuildIndex();
        Assert.That(index.BatchIds, Is.EqualTo(new long[] { 1, 2 }));
        var events = new BatchEvents();
        reader.ReadBatch(index, 2, events);
        Assert.That(events.EventId.ToArray(), Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(events.FirstPulse.ToArray(), Is.EqualTo(new long[] { 0, 5 }));
        Assert.That(events.LastPulse.ToArray(), Is.EqualTo(new long[] { 4, 9 }));
        Assert.That(events.Azimuth.ToArray(), Is.EqualTo(new[] { 1.25, 3.25 }));
        Assert.That(events.Zenith.ToArray(), Is.EqualTo(new[] { 1.5, 3.0 }));
    }

    [Test]
    public void NonFiniteAngle_NamesFileRowAndEvent()
    {
        using var folder = new TempFolder();
        var path = folder.File("train_meta.parquet");
        using (var writer = new MetaWriter(path, withTargets: true))
        {
            writer.WriteRowGroup([1, 1], [7, 8], [0, 3], [2, 5], [1.0, double.NaN], [1.0, 1.0]);
            writer.Commit();
        }

        var reader = new MetaReader(path, withTargets: true);
        var error = Assert.Throws<InvalidDataException>(() => reader.ReadBatch(reader.BuildIndex(), 1, new BatchEvents()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("row 1").And.Contain("event 8"));
    }

    [Test]
    public void MissingColumnOrFile_AreNamed()
    {
        using var folder = new TempFolder();
        var path = folder.File("test_meta.parquet");
        using (var writer = new EventAnglesWriter(path))
        {
            writer.WriteRowGroup([1], [1.0], [1.0]);
            writer.Commit();
        }

        var error = Assert.Throws<InvalidDataException>(() => new MetaReader(path, false).BuildIndex());
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'batch_id'"));

        var missing = folder.File("train_meta.parquet");
        var notFound = Assert.Throws<FileNotFoundException>(() => new MetaReader(missing, true).BuildIndex());
        Assert.That(notFound!.Message, Does.Contain(missing).And.Contain("expected layout"));

        var garbage = folder.File("garbage.parquet");
        File.WriteAllText(garbage, "not parquet at all");
        error = Assert.Throws<InvalidDataException>(() => new MetaReader(garbage, true).BuildIndex());
        Assert.That(error!.Message, Does.Contain(garbage));
    }
}
