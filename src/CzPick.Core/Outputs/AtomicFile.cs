namespace CzPick.Core.Outputs;

/// <summary>Writes files so that no reader ever sees one half-written: under a temporary name beside it, then renamed into place.</summary>
public static class AtomicFile
{
    /// <summary>Writes a file under a temporary name in its folder and renames it to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="path">The file to write; its folder is created when missing.</param>
    /// <param name="write">Writes the content to the temporary path it is given.</param>
    /// <remarks>A failed write leaves the previous file, if any, untouched and no temporary file behind.</remarks>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
