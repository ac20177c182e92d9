using System.CommandLine;

namespace CzPick.Cli.Commands;

/// <summary>Every verb of `czpick`, in the order `czpick --help` lists them.</summary>
static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        BenchCommand.Create(),
    ];
}
