using System.CommandLine;

namespace CzPick.Cli.Commands;

/// <summary>Every verb of `czpick`, in the order `czpick --help` lists them.</summary>
static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        PickCommand.Create(),
        DemoCommand.Create(),
        InfoCommand.Create(),
        PhantomCommand.Create(),
        BenchCommand.Create(),
        ScoreCommand.Create(),
        ReportCommand.Create(),
        ModelCommand.Create(),
        DevCommand.Create(),
        UploadCommand.Create(),
        EventsCommand.Create(),
    ];
}
