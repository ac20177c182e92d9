using CzPick.Functions;
using Microsoft.Extensions.Hosting;

IHost host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) => FunctionsServices.Add(services, context.Configuration))
    .Build();
await host.RunAsync();
