using IceCube.Reco.Data;
using ParquetSharp;

namespace IceCube.Reco.Tests.Data;

public class ParquetWritersTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void PulseBatchWriter_WritesTheRealSchema(bool required)
    {
        using var folder = new TempFolder();
        var path = folder.File("train/batch_1.parquet");
        using (var writer = new PulseBatchWriter(path, required))
        {
            writer.WriteRowGroup([5, 5159], [6129, 6200], [1.075, 0.025], [true, false], [24, 24]);
            writer.WriteRowGroup([0], [7000], [2800.0], [false], [25]);
            Assert.That(File.Exists(path), Is.False, "nothing under the final name before Commit");
            writer.Commit();
        }

        using var reader = new ParquetFileReader(path);
        var meta = reader.FileMetaData;
        Assert.That(meta.NumRowGroups, Is.EqualTo(2));
        Assert.That(meta.NumRows, Is.EqualTo(3));
        string[] names = ["sensor_id", "time", "charge", "auxiliary", "event_id"];
        PhysicalType[] types = [PhysicalType.Int32, PhysicalType.Int64, PhysicalType.Double, PhysicalType.Boolean, PhysicalType.Int64];
        for (var i = 0; i < names.Length; i++)
        {
            var column = meta.Schema.Column(i);
            Assert.That(column.Name, Is.EqualTo(names[i]));
            Assert.That(column.PhysicalType, Is.EqualTo(types[i]));
            Assert.That(column.MaxDefinitionLevel, Is.EqualTo(required ? 0 : 1));
        }

        using (var logical = meta.Schema.Column(0).LogicalType)
        {
            Assert.That(logical, Is.InstanceOf<IntLogicalType>());
            Assert.That(((IntLogicalType)logical).BitWidth, Is.EqualTo(16));
        }

        Assert.That(meta.KeyValueMetadata["pandas"], Does.Contain("\"index_columns\": [\"event_id\"]"));

        using var group = reader.RowGroup(0);
        Assert.That(ReadPhysical<int>(group, 0, 2), Is.EqualTo(new[] { 5, 5159 }));
        Assert.That(ReadPhysical<long>(group, 1, 2), Is.EqualTo(new long[] { 6129, 6200 }));
        Assert.That(ReadPhysical<double>(group, 2, 2), Is.EqualTo(new[] { 1.075, 0.025 }));
        Assert.That(ReadPhysical<bool>(group, 3, 2), Is.EqualTo(new[] { true, false }));
        Assert.That(ReadPhysical<long>(group, 4, 2), Is.EqualTo(new long[] { 24, 24 }));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1));
    }

    [Test]
    public void DisposeWithoutCommit_LeavesNothing()
    {
        using var folder = new TempFolder();
        var path = folder.File("batch_1.parquet");
        using (var writer = new PulseBatchWriter(path))
        {
            writer.WriteRowGroup([1], [2], [3.0], [true], [4]);
        }

        Assert.That(Directory.GetFileSystemEntries(folder.Path), Is.Empty);
    }

    [Test]
    public void MismatchedColumnLengths_AreRefused()
    {
        using var folder = new TempFolder();
        using var writer = new PulseBatchWriter(folder.File("batch_1.parquet"));
        var error = Assert.Throws<ArgumentException>(() => writer.WriteRowGroup([1, 2], [2, 3], [3.0], [true, true], [4, 4]));
        Assert.That(error!.Message, Does.Contain("charge"));
    }

    [Test]
    public void MetaWriter_WritesTrainAndTestSchemas()
    {
        using var folder = new TempFolder();
        var train = folder.File("train_meta.parquet");
        using (var writer = new MetaWriter(train, withTargets: true))
        {
            writer.WriteRowGroup([1, 1], [24, 41], [0, 61], [60, 99], [5.03, 0.41], [2.2, 1.0]);
            Assert.Throws<InvalidOperationException>(() => writer.WriteRowGroup([1], [2], [3], [4]));
            writer.Commit();
        }

        var test = folder.File("test_meta.parquet");
        using (var writer = new MetaWriter(test, withTargets: false, requiredColumns: true))
        {
            writer.WriteRowGroup([661], [2092], [0], [9]);
            writer.Commit();
        }

        using var trainReader = new ParquetFileReader(train);
        Assert.That(ColumnNames(trainReader), Is.EqualTo(new[]
        {
            "batch_id", "event_id", "first_pulse_index", "last_pulse_index", "azimuth", "zenith",
        }));
        using (var group = trainReader.RowGroup(0))
        {
            Assert.That(ReadPhysical<double>(group, 5, 2), Is.EqualTo(new[] { 2.2, 1.0 }));
        }

        using var testReader = new ParquetFileReader(test);
        Assert.That(ColumnNames(testReader), Is.EqualTo(new[] { "batch_id", "event_id", "first_pulse_index", "last_pulse_index" }));
        Assert.That(testReader.FileMetaData.Schema.Column(0).MaxDefinitionLevel, Is.Zero);
    }

    [Test]
    public void EventAnglesWriter_WritesExtraColumns()
    {
        using var folder = new TempFolder();
        var path = folder.File("test_truth.parquet");
        using (var writer = new EventAnglesWriter(path, [new("topology", ParquetColumnType.Int32), new("energy", ParquetColumnType.Double)]))
        {
            writer.WriteRowGroup([7, 8], [1.0, 2.0], [0.5, 0.25]);
            writer.WriteExtraColumn([1, 2]);
            writer.WriteExtraColumn([1e3, 1e4]);
            writer.WriteRowGroup([9], [3.0], [0.125]);
            Assert.Throws<InvalidOperationException>(() => writer.Commit(), "row group misses its extra columns");
            writer.WriteExtraColumn([3]);
            Assert.Throws<ArgumentException>(() => writer.WriteExtraColumn([3]), "energy is DOUBLE, not INT32");
            writer.WriteExtraColumn([1e5]);
            writer.Commit();
        }

        using var reader = new ParquetFileReader(path);
        Assert.That(ColumnNames(reader), Is.EqualTo(new[] { "event_id", "azimuth", "zenith", "topology", "energy" }));
        Assert.That(reader.FileMetaData.NumRows, Is.EqualTo(3));
        using var group = reader.RowGroup(1);
        Assert.That(ReadPhysical<double>(group, 4, 1), Is.EqualTo(new[] { 1e5 }));
    }

    // Reads a column with the physical reader, independent of the library's own reader.
    internal static T[] ReadPhysical<T>(RowGroupReader group, int column, int rows)
        where T : unmanaged
    {
        using var reader = (ColumnReader<T>)group.Column(column);
        var values = new T[rows];
        var levels = new short[rows];
        reader.ReadBatch(rows, levels, default, values, out var valuesRead);
        Assert.That(valuesRead, Is.EqualTo(rows));
        return values;
    }

    private static string[] ColumnNames(ParquetFileReader reader)
    {
        var schema = reader.FileMetaData.Schema;
        return Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Name).ToArray();
    }
}
