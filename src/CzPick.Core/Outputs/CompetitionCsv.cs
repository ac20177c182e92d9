namespace CzPick.Core.Outputs;

/// <summary>
/// The CZII competition's submission format: <c>id,experiment,particle_type,x,y,z</c>, one row per pick, ids unique
/// over the file, coordinates in Å. Written with invariant culture and round-trip precision, quoted as RFC 4180 says
/// when a name holds a comma or a quote.
/// </summary>
static class CompetitionCsv
{
    public const string Id = "id";
    public const string Experiment = "experiment";
    public const string ParticleType = "particle_type";
    public const string X = "x";
    public const string Y = "y";
    public const string Z = "z";

    public static readonly string[] Columns = [Id, Experiment, ParticleType, X, Y, Z];

    public static readonly string Header = string.Join(',', Columns);
}
