namespace CzPick.Core.Volumes.Mrc;

/// <summary>How serious an <see cref="MrcIssue"/> is.</summary>
public enum MrcIssueSeverity
{
    /// <summary>The file is readable, but it breaks MRC2014 or CzPick had to assume something to read it.</summary>
    Warning,

    /// <summary>The file cannot be read: the reader refuses it with this message.</summary>
    Error,
}

/// <summary>One problem found in an MRC file: what is wrong, what was expected, and how to fix it where that is known.</summary>
/// <param name="Severity">Whether the file can still be read.</param>
/// <param name="Message">The problem in one sentence, without the file name.</param>
public readonly record struct MrcIssue(MrcIssueSeverity Severity, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{(this.Severity == MrcIssueSeverity.Error ? "error" : "warning")}: {this.Message}";
}

/// <summary>What <see cref="MrcValidator.Inspect"/> found: the header, if one could be parsed, and every problem.</summary>
/// <param name="Header">The parsed header; null when the file is too short or not an MRC file at all.</param>
/// <param name="Issues">Every problem found, errors and warnings, in header order.</param>
public sealed record MrcInspection(MrcHeader? Header, IReadOnlyList<MrcIssue> Issues)
{
    /// <summary>Gets a value indicating whether the file can be read: a header was parsed and no issue is an error.</summary>
    public bool IsReadable => this.Header is not null && this.Errors.Count == 0;

    /// <summary>Gets the issues that make the file unreadable.</summary>
    public IReadOnlyList<MrcIssue> Errors => [.. this.Issues.Where(issue => issue.Severity == MrcIssueSeverity.Error)];

    /// <summary>Gets the issues that leave the file readable: assumptions made, departures from MRC2014.</summary>
    public IReadOnlyList<MrcIssue> Warnings => [.. this.Issues.Where(issue => issue.Severity == MrcIssueSeverity.Warning)];
}
