using CzPick.Worker;
using Microsoft.AspNetCore.Builder;

WebApplication app;
try
{
    app = WorkerHost.Build(args);
}
catch (InvalidOperationException error)
{
    // A setting is missing or wrong: one line that names it, not a stack trace.
    Console.Error.WriteLine($"czpick worker: {error.Message}");
    return 2;
}

await app.RunAsync();
return 0;
