using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using IceCube.Reco.Data;

namespace IceCube.Reco.Training;

/// <summary>
/// The binary checkpoint layout (docs/checkpoint-format.md), little-endian:
/// <code>
/// "ICRM"                      4 bytes, magic
/// version                     uint32 (1)
/// json length, json           uint32 byte count, UTF-8 text
/// tensor count                uint32
///   per tensor: name length, name (uint32, UTF-8), rank (uint32), dims (int32 each), data (float32, row-major)
/// optimizer tensor count      uint32 (0 when no optimizer state), then tensors as above
/// SHA-256                     32 bytes over every byte before it
/// </code>
/// Reading validates every length against the bytes that remain before anything of that size is allocated, so a
/// truncated or damaged file fails with an <see cref="InvalidDataException"/> that says which, never with an
/// out-of-memory or a garbage model.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>The file's first four bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "ICRM"u8;

    private const int ChecksumBytes = 32;

    // Files above 2 GiB would need a different reader; a model of that size is far beyond this library's networks.
    private const long MaxFileBytes = int.MaxValue;

    /// <summary>Writes a checkpoint under a temporary name and moves it into place.</summary>
    public static void Write(string path, string json, IReadOnlyList<NamedTensor> weights, IReadOnlyList<NamedTensor> optimizerState)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = AtomicFile.TemporaryPathFor(path);
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var writer = new HashingWriter(file, hash);
                writer.Write(Magic);
                writer.WriteUInt32(Version);
                var jsonBytes = Encoding.UTF8.GetBytes(json);
                writer.WriteUInt32((uint)jsonBytes.Length);
                writer.Write(jsonBytes);
                WriteTensors(writer, weights);
                WriteTensors(writer, optimizerState);
                file.Write(hash.GetHashAndReset());
            }

            File.Move(temporary, Path.GetFullPath(path), overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads and validates a checkpoint.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a checkpoint, unknown version, truncated, or corrupt.</exception>
    public static CheckpointContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"Checkpoint not found: {info.FullName}.", info.FullName);
        }

        if (info.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"Checkpoint {path} is {info.Length} bytes, more than the {MaxFileBytes} a checkpoint can have.");
        }

        // The file is read whole (its size is known and bounded); every length inside it is checked against it.
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException(bytes.Length < Magic.Length
                ? $"Checkpoint {path} is truncated: {bytes.Length} bytes, too short for a header."
                : $"{path} is not an IceCube.Reco checkpoint (its first bytes are not \"ICRM\").");
        }

        var reader = new SpanReader(bytes, bytes.Length - ChecksumBytes, path);
        reader.Skip(Magic.Length, "the magic");
        uint version = reader.UInt32("the format version");
        if (version != Version)
        {
            throw new InvalidDataException(
                $"Checkpoint {path} has format version {version}; this library reads version {Version} only.");
        }

        string json = reader.Utf8(reader.UInt32("the JSON length"), "the architecture JSON");
        var weights = ReadTensors(ref reader, "weight");
        var optimizer = ReadTensors(ref reader, "optimizer-state");
        if (reader.Position != bytes.Length - ChecksumBytes)
        {
            throw new InvalidDataException(
                $"Checkpoint {path} is corrupt: {bytes.Length - ChecksumBytes - reader.Position} unexpected bytes before the checksum.");
        }

        var expected = SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumBytes));
        if (!expected.AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumBytes)))
        {
            throw new InvalidDataException($"Checkpoint {path} is corrupt: its SHA-256 checksum does not match its contents.");
        }

        return new CheckpointContents(json, weights, optimizer);
    }

    private static void WriteTensors(HashingWriter writer, IReadOnlyList<NamedTensor> tensors)
    {
        writer.WriteUInt32((uint)tensors.Count);
        foreach (var tensor in tensors)
        {
            var name = Encoding.UTF8.GetBytes(tensor.Name);
            writer.WriteUInt32((uint)name.Length);
            writer.Write(name);
            writer.WriteUInt32((uint)tensor.Shape.Length);
            foreach (int dimension in tensor.Shape)
            {
                writer.WriteInt32(dimension);
            }

            writer.WriteFloats(tensor.Data);
        }
    }

    private static List<NamedTensor> ReadTensors(ref SpanReader reader, string what)
    {
        uint count = reader.UInt32($"the {what} tensor count");

        // Each tensor takes at least 8 bytes (name length and rank), which bounds a believable count.
        if (count > reader.Remaining / 8)
        {
            throw reader.Truncated($"the {what} tensor count ({count})");
        }

        var tensors = new List<NamedTensor>((int)count);
        for (int i = 0; i < count; i++)
        {
            string label = $"{what} tensor {i}";
            string name = reader.Utf8(reader.UInt32($"the name length of {label}"), $"the name of {label}");
            uint rank = reader.UInt32($"the rank of {name}");
            if (rank > reader.Remaining / 4)
            {
                throw reader.Truncated($"the dimensions of {name} (rank {rank})");
            }

            var shape = new int[rank];
            long length = 1;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = reader.Int32($"dimension {d} of {name}");
                if (shape[d] < 0)
                {
                    throw new InvalidDataException($"Checkpoint {reader.Path} is corrupt: {name} has a negative dimension {shape[d]}.");
                }

                length *= shape[d];
                if (length * 4 > reader.Remaining)
                {
                    throw reader.Truncated($"the data of {name} ({LayerConfig.Shape(shape)})");
                }
            }

            tensors.Add(new NamedTensor(name, shape, reader.Floats((int)length, $"the data of {name}")));
        }

        return tensors;
    }

    /// <summary>A little-endian reader over the bytes before the checksum; every read is bounds-checked first.</summary>
    private ref struct SpanReader(byte[] bytes, int end, string path)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes.AsSpan(0, Math.Max(0, end));

        public readonly string Path => path;

        public int Position { get; private set; }

        public readonly long Remaining => _bytes.Length - Position;

        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

        public void Skip(int count, string what) => Take(count, what);

        public string Utf8(uint count, string what)
        {
            if (count > Remaining)
            {
                throw Truncated($"{what} ({count} bytes)");
            }

            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take((int)count, what));
            }
            catch (DecoderFallbackException error)
            {
                throw new InvalidDataException($"Checkpoint {path} is corrupt: {what} is not valid UTF-8.", error);
            }
        }

        public float[] Floats(int count, string what)
        {
            var source = Take(checked(count * 4), what);
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(source.Slice(4 * i, 4));
            }

            return values;
        }

        public readonly InvalidDataException Truncated(string what) => new(
            $"Checkpoint {path} is truncated (or a length in it is damaged): {what} runs past the end of the file.");

        private ReadOnlySpan<byte> Take(int count, string what)
        {
            if (count > Remaining)
            {
                throw Truncated(what);
            }

            var span = _bytes.Slice(Position, count);
            Position += count;
            return span;
        }
    }

    /// <summary>Writes little-endian values to a stream and feeds the same bytes to the running checksum.</summary>
    private sealed class HashingWriter(Stream stream, IncrementalHash hash)
    {
        private readonly byte[] _scratch = new byte[1 << 16];

        public void Write(ReadOnlySpan<byte> bytes)
        {
            stream.Write(bytes);
            hash.AppendData(bytes);
        }

        public void WriteUInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_scratch, value);
            Write(_scratch.AsSpan(0, 4));
        }

        public void WriteInt32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_scratch, value);
            Write(_scratch.AsSpan(0, 4));
        }

        public void WriteFloats(ReadOnlySpan<float> values)
        {
            int perChunk = _scratch.Length / 4;
            for (int start = 0; start < values.Length; start += perChunk)
            {
                int count = Math.Min(perChunk, values.Length - start);
                for (int i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(_scratch.AsSpan(4 * i, 4), values[start + i]);
                }

                Write(_scratch.AsSpan(0, 4 * count));
            }
        }
    }
}
