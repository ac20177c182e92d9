namespace CzPick.Core.Copick;

/// <summary>
/// The rules copick applies to the names that become parts of its paths. Object names, user ids and session ids are
/// joined with underscores into picks file names (<c>{user}_{session}_{object}.json</c>) and split on underscores
/// when copick lists a run, so none of them may contain one; copick's <c>sanitize_name</c> also refuses characters
/// that are invalid in file names, whitespace, and leading or trailing dashes. Run names are directory names.
/// </summary>
public static class CopickNames
{
    // copick's escape.sanitize_name: <>:"/\|?*, control characters, whitespace and underscores are invalid.
    static readonly char[] InvalidInName = ['<', '>', ':', '"', '/', '\\', '|', '?', '*', '_'];

    /// <summary>Says what is wrong with an object name, user id or session id, if anything.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Null when copick accepts the name; otherwise the problem, e.g. "contains '_'".</returns>
    public static string? ProblemWithName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty";
        }

        foreach (char c in name)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || Array.IndexOf(InvalidInName, c) >= 0)
            {
                return $"contains {Describe(c)}, which copick does not allow (no underscores, whitespace, control characters or any of <>:\"/\\|?*)";
            }
        }

        return name[0] == '-' || name[^1] == '-' ? "starts or ends with '-', which copick strips" : null;
    }

    /// <summary>Says what is wrong with a run name, if anything.</summary>
    /// <param name="run">The run name, e.g. "TS_5_4" (underscores are allowed here).</param>
    /// <returns>Null when the name can be a directory of ExperimentRuns/; otherwise the problem.</returns>
    public static string? ProblemWithRunName(string? run)
    {
        if (string.IsNullOrEmpty(run))
        {
            return "is empty";
        }

        if (run is "." or "..")
        {
            return "is a relative directory name";
        }

        foreach (char c in run)
        {
            if (c is '/' or '\\' || char.IsControl(c))
            {
                return $"contains {Describe(c)}, which cannot be part of a directory name";
            }
        }

        return null;
    }

    /// <summary>Throws when copick would refuse an object name, user id or session id.</summary>
    /// <param name="name">The name.</param>
    /// <param name="what">What the name is, for the message, e.g. "user id".</param>
    /// <exception cref="ArgumentException">The name is not valid; the message says why.</exception>
    public static void ThrowIfInvalidName(string? name, string what)
    {
        if (ProblemWithName(name) is string problem)
        {
            throw new ArgumentException($"The copick {what} '{name}' {problem}.", what);
        }
    }

    /// <summary>Throws when a run name cannot be a directory of ExperimentRuns/.</summary>
    /// <param name="run">The run name.</param>
    /// <exception cref="ArgumentException">The name is not valid; the message says why.</exception>
    public static void ThrowIfInvalidRunName(string? run)
    {
        if (ProblemWithRunName(run) is string problem)
        {
            throw new ArgumentException($"The run name '{run}' {problem}.", nameof(run));
        }
    }

    static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
