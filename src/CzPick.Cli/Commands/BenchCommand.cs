using System.CommandLine;
using System.Text.Json;
using CzPick.Cli.Bench;

namespace CzPick.Cli.Commands;

/// <summary>`czpick bench [--only NAME]`: measures the engine's parts on this machine, one section per part.</summary>
static class BenchCommand
{
    public static Command Create()
    {
        IReadOnlyList<IBenchSection> sections = BenchSections.All();
        Option<string[]> only = new("--only")
        {
            Description = "Run only these sections: " + string.Join("; ", sections.Select(section => $"{section.Name} ({section.Description})")) + ".",
            AllowMultipleArgumentsPerToken = true,
        };
        Option<int> repeat = new("--repeat") { Description = "Timed passes per measurement; the best and the median are reported.", DefaultValueFactory = _ => 5 };
        Option<string?> file = new("--file") { Description = "Measure on this MRC file instead of a generated 184×630×630 float32 tomogram, or on this Zarr store (zarr-read)." };
        Option<bool> quick = new("--quick") { Description = "Measure small sizes only, in seconds: a smoke test whose numbers are not representative." };
        Command command = new("bench", $"Measure CzPick's parts on this machine, one section per part ({string.Join(", ", sections.Select(section => section.Name))}).")
        {
            only,
            repeat,
            file,
            quick,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(sections, parse.GetValue(only) ?? [], parse.GetValue(repeat), parse.GetValue(file), parse.GetValue(quick), cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(IReadOnlyList<IBenchSection> sections, string[] only, int repeat, string? file, bool quick, CancellationToken cancellationToken)
    {
        string[] unknown = [.. only.Where(name => !sections.Any(section => section.Name == name))];
        if (unknown.Length > 0)
        {
            throw new UserErrorException($"No bench section named {string.Join(", ", unknown)}; the sections are {string.Join(", ", sections.Select(section => section.Name))}.");
        }

        if (repeat < 1)
        {
            throw new UserErrorException($"--repeat must be at least 1, not {repeat}.");
        }

        BenchContext context = new(Console.Out, repeat, file, quick);
        foreach (IBenchSection section in sections.Where(section => only.Length == 0 || only.Contains(section.Name)))
        {
            await section.RunAsync(context, cancellationToken);
        }

        // The key figures, last and on one line, for scripts: `czpick bench | tail -1`.
        Console.Out.WriteLine(JsonSerializer.Serialize(context.Results));
        return 0;
    }
}
