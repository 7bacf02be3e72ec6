namespace TrainPredictSubmit;

/// <summary>
/// Writes an output file under a temporary name in the same folder and renames it into place, so a failed or
/// interrupted run never leaves a half-written file under the final name.
/// </summary>
internal static class AtomicOutput
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing any older file.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
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
