using CzPick.Core.Outputs;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Outputs;

public sealed class CompetitionCsvWriterTests
{
    [Fact]
    public void WriteRun_TwoRuns_HeaderThenIdsUniqueAcrossRuns()
    {
        using StringWriter text = new();
        using (CompetitionCsvWriter writer = new(text, leaveOpen: true))
        {
            writer.WriteRun("TS_5_4", [new Pick("ribosome", 5274.9, 5288.1, 619.8, 0.9f), new Pick("apo-ferritin", 1, 2, 3, 1)]);
            writer.WriteRun("TS_6_4", [new Pick("thyroglobulin", -0.5, 1e-7, 123456.78901234567, 1)]);
            Assert.Equal(3, writer.RowCount);
        }

        Assert.Equal(
            "id,experiment,particle_type,x,y,z\n"
            + "0,TS_5_4,ribosome,5274.9,5288.1,619.8\n"
            + "1,TS_5_4,apo-ferritin,1,2,3\n"
            + "2,TS_6_4,thyroglobulin,-0.5,1E-07,123456.78901234567\n",
            text.ToString());
    }

    [Fact]
    public void WriteFile_ThenRead_SameRowsBitForBit()
    {
        Random random = new(7);
        Dictionary<string, IReadOnlyList<Pick>> runs = new()
        {
            ["TS_5_4"] = [.. Enumerable.Range(0, 50).Select(_ => new Pick("ribosome", random.NextDouble() * 6300, random.NextDouble() * 6300, random.NextDouble() * 1840, 1))],
            ["run,with \"quotes\""] = [new Pick("apo-ferritin", double.Epsilon, -double.MaxValue, Math.PI, 1)],
        };
        using TempDirectory temp = new();
        string path = temp.File("out", "submission.csv");

        CompetitionCsvWriter.WriteFile(path, runs);
        IReadOnlyList<CompetitionCsvRow> rows = CompetitionCsvReader.Read(path);

        Assert.Equal(Enumerable.Range(0, 51).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal(runs.SelectMany(r => r.Value.Select(p => (r.Key, p))), rows.Select(r => (r.Experiment, r.Pick)));
    }

    [Fact]
    public void WriteRun_NonFiniteCoordinate_Refused()
    {
        using CompetitionCsvWriter writer = new(new StringWriter());

        ArgumentException error = Assert.Throws<ArgumentException>(() => writer.WriteRun("TS_1", [new Pick("ribosome", 1, double.PositiveInfinity, 3, 1)]));

        Assert.StartsWith("A ribosome pick of run TS_1 is at (1, Infinity, 3); the CSV holds finite coordinates only.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteRun_LineBreakInRun_Refused()
    {
        using CompetitionCsvWriter writer = new(new StringWriter());

        ArgumentException error = Assert.Throws<ArgumentException>(() => writer.WriteRun("TS\n1", []));

        Assert.Contains("holds a line break", error.Message, StringComparison.Ordinal);
    }
}
