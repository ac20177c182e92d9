namespace CzPick.Pipeline.Contracts;

/// <summary>
/// A blob's address in the data storage account: its container and its name inside it. Contracts carry blob
/// references as the text "container/name"; nothing larger than a reference passes through the orchestration.
/// </summary>
/// <param name="Container">The container, e.g. "tomograms".</param>
/// <param name="Name">The blob's name inside the container, e.g. "TS_5_4.mrc".</param>
public readonly record struct BlobPath(string Container, string Name)
{
    /// <summary>Parses "container/name".</summary>
    /// <param name="text">The reference.</param>
    /// <returns>The blob path.</returns>
    /// <exception cref="FormatException">The text has no '/' or an empty container or name.</exception>
    public static BlobPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw new FormatException($"Blob reference '{text}' is not of the form container/name.");
        }

        return new BlobPath(text[..slash], text[(slash + 1)..]);
    }

    /// <summary>Formats the path as "container/name", the form contracts carry.</summary>
    /// <returns>The reference.</returns>
    public override string ToString() => $"{this.Container}/{this.Name}";
}
