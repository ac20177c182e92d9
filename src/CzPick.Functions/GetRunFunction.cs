using System.Net;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace CzPick.Functions;

/// <summary><c>GET /api/runs/{run}</c>: a run's status and, once finished, where its picks or its failure record are.</summary>
public static class GetRunFunction
{
    /// <summary>Answers with the newest run of that name (or that instance id), 404 when there is none.</summary>
    /// <param name="request">The request.</param>
    /// <param name="run">A run name or instance id.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <returns>The response.</returns>
    [Function("GetRun")]
    public static async Task<HttpResponseData> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{run}")] HttpRequestData request,
        string run,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        RunStatus? status = await RunStatusReader.ReadAsync(client, run, request.FunctionContext.CancellationToken);
        HttpResponseData response = request.CreateResponse(status is null ? HttpStatusCode.NotFound : HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        BinaryData body = status is null ? PipelineJson.Serialize(new { error = $"No run named '{run}'." }) : PipelineJson.Serialize(status);
        await response.WriteBytesAsync(body.ToArray(), request.FunctionContext.CancellationToken);
        return response;
    }
}
