using System.CommandLine;
using CzPick.Core.Volumes;
using CzPick.Inference;
using CzPick.Inference.Torch;

namespace CzPick.Cli;

/// <summary>
/// Runs a parsed command and turns user errors into one line on stderr and exit code 2; a stack trace is printed
/// only for bugs.
/// </summary>
static class CliRunner
{
    /// <summary>The exit code for bad input: a malformed file, a missing path, a wrong option.</summary>
    public const int UserErrorExitCode = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        ParseResult parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
        TorchFormatException or
        WeightsMismatchException or
        FileNotFoundException or
        DirectoryNotFoundException or
        UnauthorizedAccessException or
        InvalidDataException;
}
