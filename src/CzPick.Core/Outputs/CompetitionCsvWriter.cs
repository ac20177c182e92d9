using System.Globalization;
using System.Text;
using CzPick.Core.Picking;

namespace CzPick.Core.Outputs;

/// <summary>
/// Writes a competition CSV (<c>id,experiment,particle_type,x,y,z</c>, coordinates in Å). One writer numbers its rows
/// 0, 1, 2… across every run written to it, so a file gathering several runs keeps its ids unique.
/// </summary>
public sealed class CompetitionCsvWriter : IDisposable
{
    static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    readonly TextWriter writer;
    readonly bool leaveOpen;

    /// <summary>Initializes a new instance of the <see cref="CompetitionCsvWriter"/> class and writes the header.</summary>
    /// <param name="writer">Receives the CSV.</param>
    /// <param name="leaveOpen">Whether disposing this writer leaves <paramref name="writer"/> open.</param>
    public CompetitionCsvWriter(TextWriter writer, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        this.leaveOpen = leaveOpen;
        this.writer.Write(CompetitionCsv.Header);
        this.writer.Write('\n');
    }

    /// <summary>Initializes a new instance of the <see cref="CompetitionCsvWriter"/> class writing a new file (UTF-8, LF line ends).</summary>
    /// <param name="path">The file; its directory is created when missing, an existing file is replaced.</param>
    public CompetitionCsvWriter(string path)
        : this(CreateFile(path))
    {
    }

    /// <summary>Gets the number of rows written, which is also the next row's id.</summary>
    public long RowCount { get; private set; }

    /// <summary>Writes a whole file of several runs.</summary>
    /// <param name="path">The file.</param>
    /// <param name="picksByRun">The picks of each run, written in the given order.</param>
    public static void WriteFile(string path, IEnumerable<KeyValuePair<string, IReadOnlyList<Pick>>> picksByRun)
    {
        ArgumentNullException.ThrowIfNull(picksByRun);
        using CompetitionCsvWriter writer = new(path);
        foreach (KeyValuePair<string, IReadOnlyList<Pick>> run in picksByRun)
        {
            writer.WriteRun(run.Key, run.Value);
        }
    }

    /// <summary>Writes the picks of one run, numbering rows on from the last one written.</summary>
    /// <param name="run">The run (the CSV's experiment), e.g. "TS_5_4".</param>
    /// <param name="picks">The picks.</param>
    /// <exception cref="ArgumentException">The run or a particle name is empty or holds a line break, or a coordinate is not finite.</exception>
    public void WriteRun(string run, IEnumerable<Pick> picks)
    {
        ArgumentNullException.ThrowIfNull(picks);
        CheckName(run, "run name");
        string experiment = Quote(run);
        foreach (Pick pick in picks)
        {
            CheckName(pick.Particle, "particle type");
            if (!double.IsFinite(pick.XAngstrom) || !double.IsFinite(pick.YAngstrom) || !double.IsFinite(pick.ZAngstrom))
            {
                throw new ArgumentException(
                    $"A {pick.Particle} pick of run {run} is at ({pick.XAngstrom}, {pick.YAngstrom}, {pick.ZAngstrom}); the CSV holds finite coordinates only.",
                    nameof(picks));
            }

            this.writer.Write(this.RowCount.ToString(CultureInfo.InvariantCulture));
            this.writer.Write(',');
            this.writer.Write(experiment);
            this.writer.Write(',');
            this.writer.Write(Quote(pick.Particle));
            foreach (double coordinate in (ReadOnlySpan<double>)[pick.XAngstrom, pick.YAngstrom, pick.ZAngstrom])
            {
                this.writer.Write(',');

                // The shortest text that parses back to the same double.
                this.writer.Write(coordinate.ToString("R", CultureInfo.InvariantCulture));
            }

            this.writer.Write('\n');
            this.RowCount++;
        }
    }

    /// <summary>Flushes and, unless asked to leave it open, closes the underlying writer.</summary>
    public void Dispose()
    {
        this.writer.Flush();
        if (!this.leaveOpen)
        {
            this.writer.Dispose();
        }
    }

    static StreamWriter CreateFile(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        return new StreamWriter(path, append: false, Utf8NoBom);
    }

    static void CheckName(string name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"The {what} '{name}' is empty or holds a line break; a CSV row holds one line.", what);
        }
    }

    static string Quote(string field) =>
        field.AsSpan().IndexOfAny(',', '"') >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
