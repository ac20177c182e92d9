using System.Diagnostics;
using System.Globalization;

namespace CzPick.Cli.Bench;

/// <summary>What a bench section is given: the user's options, and one way to report numbers.</summary>
/// <param name="output">Where results go (stdout).</param>
/// <param name="repeat">How many timed passes to make; the best and the median are reported.</param>
/// <param name="inputFile">A file to measure on instead of a generated one, or null.</param>
/// <param name="quick">Whether to measure small sizes only: a smoke test whose numbers are not representative.</param>
sealed class BenchContext(TextWriter output, int repeat, string? inputFile, bool quick = false)
{
    readonly Dictionary<string, double> results = [];

    /// <summary>Gets the key figures the sections recorded, printed as the report's last line (a JSON object).</summary>
    public IReadOnlyDictionary<string, double> Results => this.results;

    /// <summary>Gets how many timed passes to make.</summary>
    public int Repeat => repeat;

    /// <summary>Gets the user's input file, or null to generate one.</summary>
    public string? InputFile => inputFile;

    /// <summary>Gets a value indicating whether sections measure small sizes only (a smoke test).</summary>
    public bool Quick => quick;

    /// <summary>Records a key figure for the report's last line.</summary>
    /// <param name="key">The JSON key, snake_case, e.g. "peak_gflops".</param>
    /// <param name="value">The value, kept to 4 significant digits; a value that is not finite is left out.</param>
    public void Record(string key, double value)
    {
        if (double.IsFinite(value))
        {
            this.results[key] = double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Prints a section's heading.</summary>
    /// <param name="text">The heading.</param>
    public void Heading(string text) => output.WriteLine(text);

    /// <summary>Prints one measured line, aligned under the heading.</summary>
    /// <param name="metric">What was measured.</param>
    /// <param name="value">The value with its unit.</param>
    public void Report(string metric, string value) => output.WriteLine($"  {metric,-34} {value}");

    /// <summary>
    /// Times passes of an operation and reports the best and the median as throughput, with the CPU time of the best
    /// pass: on a shared machine, wall time counts other people's work too, and CPU time shows what the pass cost.
    /// </summary>
    /// <param name="metric">What is measured.</param>
    /// <param name="voxels">Voxels each pass handles.</param>
    /// <param name="bytes">Bytes each pass reads.</param>
    /// <param name="pass">One pass.</param>
    /// <returns>The best pass's throughput in M voxels/s.</returns>
    public async Task<double> TimeAsync(string metric, long voxels, long bytes, Func<Task> pass)
    {
        List<(double Wall, double Cpu)> passes = [];
        using Process self = Process.GetCurrentProcess();
        for (int i = 0; i < repeat; i++)
        {
            self.Refresh();
            TimeSpan cpu = self.TotalProcessorTime;
            Stopwatch watch = Stopwatch.StartNew();
            await pass();
            double wall = watch.Elapsed.TotalSeconds;
            self.Refresh();
            passes.Add((wall, (self.TotalProcessorTime - cpu).TotalSeconds));
        }

        passes.Sort();
        (double best, double bestCpu) = passes[0];
        double median = passes[passes.Count / 2].Wall;
        this.Report(metric, $"best {voxels / best / 1e6:F0} M voxels/s ({best * 1e3:F0} ms wall, {bestCpu * 1e3:F0} ms CPU, {bytes / best / 1e9:F2} GB/s), " +
            $"median {voxels / median / 1e6:F0} M voxels/s, {repeat} passes");
        return voxels / best / 1e6;
    }

    /// <summary>Resets the process's peak resident memory (Linux), so a section reports its own peak.</summary>
    public static void ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak then covers the whole process, which still bounds the section.
        }
    }

    /// <summary>Returns the process's peak resident memory in bytes (VmHWM on Linux).</summary>
    /// <returns>The peak.</returns>
    public static long PeakMemoryBytes()
    {
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }
}
