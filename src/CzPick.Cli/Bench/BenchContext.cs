using System.Diagnostics;

namespace CzPick.Cli.Bench;

/// <summary>What a bench section is given: the user's options, and one way to report numbers.</summary>
/// <param name="output">Where results go (stdout).</param>
/// <param name="repeat">How many timed passes to make; the best and the median are reported.</param>
sealed class BenchContext(TextWriter output, int repeat)
{
    /// <summary>Gets how many timed passes to make.</summary>
    public int Repeat => repeat;

    /// <summary>Prints a section's heading.</summary>
    /// <param name="text">The heading.</param>
    public void Heading(string text) => output.WriteLine(text);

    /// <summary>Prints one measured line, aligned under the heading.</summary>
    /// <param name="metric">What was measured.</param>
    /// <param name="value">The value with its unit.</param>
    public void Report(string metric, string value) => output.WriteLine($"  {metric,-32}{value}");

    /// <summary>Times passes of an operation and reports the best and the median as throughput.</summary>
    /// <param name="metric">What is measured.</param>
    /// <param name="voxels">Voxels each pass handles.</param>
    /// <param name="bytes">Bytes each pass reads.</param>
    /// <param name="pass">One pass.</param>
    /// <returns>The best pass's throughput in M voxels/s.</returns>
    public async Task<double> TimeAsync(string metric, long voxels, long bytes, Func<Task> pass)
    {
        List<double> seconds = [];
        for (int i = 0; i < repeat; i++)
        {
            Stopwatch watch = Stopwatch.StartNew();
            await pass();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        seconds.Sort();
        double best = seconds[0];
        double median = seconds[seconds.Count / 2];
        this.Report(metric, $"best {voxels / best / 1e6:F0} M voxels/s ({best * 1e3:F0} ms, {bytes / best / 1e9:F2} GB/s), " +
            $"median {voxels / median / 1e6:F0} M voxels/s, {repeat} passes");
        return voxels / best / 1e6;
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
