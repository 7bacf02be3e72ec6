namespace IceCube.Reco.Data;

/// <summary>
/// Writes text outputs under a temporary name beside the target and moves them into place only when complete,
/// so an interrupted run never leaves a half-written file under the final name.
/// </summary>
internal static class AtomicFile
{
    /// <summary>A fresh temporary path in the folder of <paramref name="path"/>, creating the folder if needed.</summary>
    public static string TemporaryPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Runs <paramref name="write"/> on a temporary text file, then moves it to <paramref name="path"/>.</summary>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = TemporaryPathFor(path);
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
            {
                write(writer);
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
