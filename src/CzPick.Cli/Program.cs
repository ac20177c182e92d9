using System.CommandLine;
using CzPick.Cli;
using CzPick.Cli.Commands;

RootCommand root = new("CzPick: particle picking in cryo-ET tomograms with the Ensemble 3D UNet Soup.");
foreach (Command command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await CliRunner.RunAsync(root, args);
