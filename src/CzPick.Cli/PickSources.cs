using CzPick.Core.Copick;
using CzPick.Core.Outputs;
using CzPick.Core.Picking;

namespace CzPick.Cli;

/// <summary>Reads the picks and the ground truth that commands take: copick overlays, or a competition CSV for picks.</summary>
static class PickSources
{
    /// <summary>Reads ground truth from a copick overlay root.</summary>
    /// <param name="path">The overlay root.</param>
    /// <param name="user">Only files with this user_id; null for all.</param>
    /// <param name="session">Only files with this session_id; null for all.</param>
    /// <returns>The reference particles by run.</returns>
    /// <exception cref="UserErrorException">The path is not a directory, or it holds no picks files that match.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<Pick>> ReadTruth(string path, string? user, string? session)
    {
        if (!Directory.Exists(path))
        {
            throw new UserErrorException($"--truth: {path} is not a directory; expected a copick overlay root holding ExperimentRuns/{{run}}/Picks/*.json.");
        }

        IReadOnlyDictionary<string, IReadOnlyList<Pick>> truth = new CopickOverlay(path).ReadPicksByRun(user, session);
        return truth.Count > 0
            ? truth
            : throw new UserErrorException($"--truth: {path} holds no picks files{Filter(user, session)} under ExperimentRuns/{{run}}/Picks/; nothing to score against.");
    }

    /// <summary>Reads picks from a copick overlay root or a competition CSV.</summary>
    /// <param name="path">The overlay root or the CSV file.</param>
    /// <param name="user">Only files with this user_id (overlays only); null for all.</param>
    /// <param name="session">Only files with this session_id (overlays only); null for all.</param>
    /// <returns>The picks by run.</returns>
    /// <exception cref="UserErrorException">The path does not exist, or a user or session is given for a CSV.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<Pick>> ReadPicks(string path, string? user, string? session)
    {
        if (Directory.Exists(path))
        {
            return new CopickOverlay(path).ReadPicksByRun(user, session);
        }

        if (!File.Exists(path))
        {
            throw new UserErrorException($"--picks: {path} does not exist; expected a copick overlay root or a competition CSV.");
        }

        return user is null && session is null
            ? CompetitionCsvReader.ReadPicksByRun(path)
            : throw new UserErrorException($"--picks-user and --picks-session select files of a copick overlay; {path} is a CSV file.");
    }

    static string Filter(string? user, string? session) =>
        (user, session) switch
        {
            (null, null) => "",
            (_, null) => $" of user {user}",
            (null, _) => $" of session {session}",
            _ => $" of user {user}, session {session}",
        };
}
