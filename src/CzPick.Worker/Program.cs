using CzPick.Worker;

await WorkerHost.Build(args).RunAsync();
