using System.CommandLine;
using CzPick.Core.Copick;
using CzPick.Core.Outputs;
using CzPick.Core.Scoring;
using CzPick.Core.Volumes;
using CzPick.Inference;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.Runtime;
using CzPick.Inference.Torch;
using CzPick.Reports;

namespace CzPick.Cli;

/// <summary>
/// Runs a parsed command and turns user errors into one line on stderr and exit code 2; a stack trace is printed
/// only for bugs.
/// </summary>
static class CliRunner
{
    /// <summary>The exit code for bad input: a malformed file, a missing path, a wrong option.</summary>
    public const int UserErrorExitCode = 2;

    /// <summary>
    /// How long a verb may take to stop after Ctrl+C or SIGTERM cancels it (czpick dev stops its workers, its task
    /// hub and the Azurite it started) before the process ends anyway.
    /// </summary>
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // A wrong command line is a user error like any other: one line, exit code 2, not the whole help text.
            string command = parse.CommandResult.Command == root ? "czpick" : $"czpick {parse.CommandResult.Command.Name}";
            Console.Error.WriteLine($"czpick: {parse.Errors[0].Message} See '{command} --help'.");
            return UserErrorExitCode;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = StopTimeout });
        }
        catch (Exception error) when (IsUserError(error))
        {
            Console.Error.WriteLine($"czpick: {error.Message}");
            return UserErrorExitCode;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("czpick: cancelled");
            return 130;
        }
    }

    static bool IsUserError(Exception error) => error is
        UserErrorException or
        VolumeFormatException or
        CopickFormatException or
        CompetitionCsvFormatException or
        RunSummaryFormatException or
        ScoringException or
        ReportException or
        TorchFormatException or
        WeightsMismatchException or
        EnsembleFormatException or
        OnnxFormatException or
        ExecutionProviderException or
        FileNotFoundException or
        DirectoryNotFoundException or
        UnauthorizedAccessException or
        InvalidDataException;
}
