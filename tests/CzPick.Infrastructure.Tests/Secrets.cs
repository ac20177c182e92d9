using System.Text.RegularExpressions;
using CzPick.Infrastructure.Tests.Arm;

namespace CzPick.Infrastructure.Tests;

/// <summary>Recognizes values that carry a credential: the result of a <c>list*</c> function (listKeys,
/// listSecrets, listConnectionStrings…), a key-like property of a resource, or a literal connection string or SAS.</summary>
static partial class Secrets
{
    static readonly string[] SecretProperties = ["key", "secret", "password", "connectionstring", "token"];

    /// <summary>Returns whether a value, or any part of it, reads or holds a credential.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True if it does.</returns>
    public static bool Reads(ArmValue value) => value.Any(part => part switch
    {
        CallValue call => call.Function.StartsWith("list", StringComparison.OrdinalIgnoreCase),
        MemberValue member => SecretProperties.Any(word => member.Name.Contains(word, StringComparison.OrdinalIgnoreCase)),
        KnownValue known => known.ScalarText() is string text && Credential().IsMatch(text),
        _ => false,
    });

    [GeneratedRegex("AccountKey=|SharedAccessKey|SharedAccessSignature|[?&]sig=|DefaultEndpointsProtocol=|Endpoint=sb://|Password=", RegexOptions.IgnoreCase)]
    private static partial Regex Credential();
}
