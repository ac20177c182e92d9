namespace CzPick.Pipeline.Local;

/// <summary>The ports of Azurite's three services.</summary>
/// <param name="Blob">The blob service (Azurite's default 10000).</param>
/// <param name="Queue">The queue service (10001).</param>
/// <param name="Table">The table service (10002).</param>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    /// <summary>Gets Azurite's default ports, those of <c>UseDevelopmentStorage=true</c>.</summary>
    public static AzuritePorts Default { get; } = new(10000, 10001, 10002);

    /// <inheritdoc/>
    public override string ToString() => $"{this.Blob}/{this.Queue}/{this.Table}";
}
