namespace IceCube.Reco.Data;

/// <summary>
/// Writes a file under a hidden temporary name beside the target, flushes it to disk and only then moves it into
/// place, so an interrupted or failed run never leaves a half-written file under the final name and an existing
/// file is only ever replaced by a complete one. The library writes its own outputs (submissions, geometry files,
/// parquet files, checkpoints) this way; applications can write theirs (metrics, plots) the same way.
/// </summary>
/// <example>
/// <code>
/// AtomicFile.WriteAllBytes("out/metrics.json", JsonSerializer.SerializeToUtf8Bytes(metrics));
/// </code>
/// </example>
public static class AtomicFile
{
    private static readonly System.Text.UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing any older file.</summary>
    /// <param name="path">Destination path; its folder is created when missing.</param>
    /// <param name="bytes">The whole content of the file.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be written or moved into place; no temporary file is left.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) =>
        Replace(path, bytes, static (stream, content) => stream.Write(content));

    /// <summary>Runs <paramref name="write"/> on a temporary UTF-8 text file (no BOM), then moves it to <paramref name="path"/>.</summary>
    internal static void WriteText(string path, Action<TextWriter> write) =>
        Replace(path, write, static (stream, writeText) =>
        {
            using var writer = new StreamWriter(stream, Utf8WithoutBom, leaveOpen: true);
            writeText(writer);
        });

    /// <summary>
    /// A fresh temporary path in the folder of <paramref name="path"/>, creating the folder if needed, for writers
    /// that open the file themselves (parquet, checkpoints) and move it into place when complete.
    /// </summary>
    internal static string TemporaryPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    // The one write-flush-move sequence; the state lets a span through without copying it.
    private static void Replace<TState>(string path, TState state, Action<Stream, TState> write)
        where TState : allows ref struct
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = TemporaryPathFor(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream, state);
                stream.Flush(flushToDisk: true);
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
}
