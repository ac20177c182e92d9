using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CzPick.Pipeline.Runs;

/// <summary>
/// Orchestration instance ids derived from a tomogram blob's name and ETag, <c>{run}-{16 hex digits}</c>: the same
/// upload seen twice (two trigger deliveries, a blob watcher restart) maps to one run, while a new upload under the
/// same name (a new ETag) is a new run.
/// </summary>
public static partial class InstanceIds
{
    /// <summary>The longest run name kept in an id; longer names are cut (the hash keeps ids distinct).</summary>
    const int MaxRunLength = 64;

    /// <summary>Returns the instance id of one version of a tomogram blob.</summary>
    /// <param name="run">The run name.</param>
    /// <param name="blobName">The blob's name in its container.</param>
    /// <param name="etag">The blob's ETag.</param>
    /// <returns>The instance id.</returns>
    public static string For(string run, string blobName, string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(run);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{blobName}\n{etag}"));
        string safeRun = UnsafeCharacters().Replace(run, "_");
        return $"{(safeRun.Length <= MaxRunLength ? safeRun : safeRun[..MaxRunLength])}-{Convert.ToHexStringLower(hash, 0, 8)}";
    }

    /// <summary>Tells whether an instance id belongs to a run (was made by <see cref="For"/> from that run name).</summary>
    /// <param name="instance">The instance id.</param>
    /// <param name="run">The run name.</param>
    /// <returns>True when the id is the run's name, made safe, followed by a hash.</returns>
    public static bool BelongsTo(string instance, string run)
    {
        ArgumentNullException.ThrowIfNull(instance);
        string prefix = Prefix(run);
        return instance.Length == prefix.Length + 16 && instance.StartsWith(prefix, StringComparison.Ordinal) && HexSuffix().IsMatch(instance);
    }

    /// <summary>Returns the prefix every instance id of a run starts with.</summary>
    /// <param name="run">The run name.</param>
    /// <returns><c>{run}-</c>, with the run made safe and cut as in <see cref="For"/>.</returns>
    public static string Prefix(string run)
    {
        ArgumentException.ThrowIfNullOrEmpty(run);
        string safeRun = UnsafeCharacters().Replace(run, "_");
        return $"{(safeRun.Length <= MaxRunLength ? safeRun : safeRun[..MaxRunLength])}-";
    }

    /// <summary>Characters kept out of ids: the Azure Storage backend uses ids as table keys and queue message text.</summary>
    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeCharacters();

    [GeneratedRegex("-[0-9a-f]{16}$")]
    private static partial Regex HexSuffix();
}
