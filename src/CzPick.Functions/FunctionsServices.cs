using CzPick.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CzPick.Functions;

/// <summary>What the function classes are constructed from: the pipeline's adapters and activities.</summary>
static class FunctionsServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration) =>
        services.AddCzPickPipeline(configuration).AddCzPickActivities();
}
