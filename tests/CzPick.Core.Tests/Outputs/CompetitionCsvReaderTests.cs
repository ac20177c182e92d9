using CzPick.Core.Outputs;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Outputs;

public sealed class CompetitionCsvReaderTests
{
    [Fact]
    public void Read_ColumnsInOtherOrderWithExtraColumnAndBlankLines_Rows()
    {
        IReadOnlyList<CompetitionCsvRow> rows = ReadFile("x,y,z,particle_type,experiment,id,note\n\n1.5,2,3e2,ribosome,TS_5_4,10,a\n\n4,5,6,\"apo-ferritin\",\"TS,\"\"6\"\"\",3,\n");

        Assert.Equal(
            [new CompetitionCsvRow(10, "TS_5_4", new Pick("ribosome", 1.5, 2, 300, 1)), new CompetitionCsvRow(3, "TS,\"6\"", new Pick("apo-ferritin", 4, 5, 6, 1))],
            rows);
    }

    [Fact]
    public void Read_Utf8Bom_HeaderRecognized()
    {
        Assert.Single(ReadFile("\uFEFFid,experiment,particle_type,x,y,z\n0,TS_1,ribosome,1,2,3\n"));
    }

    [Fact]
    public void ReadPicksByRun_SeveralRuns_GroupedInFirstAppearanceOrder()
    {
        using TempDirectory temp = new();
        string path = temp.File("s.csv");
        File.WriteAllText(path, "id,experiment,particle_type,x,y,z\n0,TS_2,ribosome,1,2,3\n1,TS_1,ribosome,4,5,6\n2,TS_2,apo-ferritin,7,8,9\n");

        IReadOnlyDictionary<string, IReadOnlyList<Pick>> byRun = CompetitionCsvReader.ReadPicksByRun(path);

        Assert.Equal(["TS_2", "TS_1"], byRun.Keys);
        Assert.Equal([new Pick("ribosome", 1, 2, 3, 1), new Pick("apo-ferritin", 7, 8, 9, 1)], byRun["TS_2"]);
    }

    [Theory]
    [InlineData("", "the file is empty; expected the header id,experiment,particle_type,x,y,z.")]
    [InlineData("id,experiment,x,y,z\n", "line 1: the header 'id,experiment,x,y,z' lacks particle_type; expected id,experiment,particle_type,x,y,z.")]
    [InlineData("id,experiment,particle_type,x,y,z,x\n", "line 1: the header names column 'x' twice")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,TS_1,ribosome,1,2\n", "line 2: 5 fields; expected 6, as in the header.")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,TS_1,ribosome,1,2,3\n\nzero,TS_1,ribosome,1,2,3\n", "line 4: id 'zero' is not an integer.")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,TS_1,ribosome,1,2,3\n1,TS_1,ribosome,1,2,3\n0,TS_2,ribosome,1,2,3\n", "line 4: id 0 is used on line 2 too; ids must be unique over the whole file.")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,TS_1,ribosome,\"1,5\",2,3\n", "line 2: x '1,5' is not a finite number; expected Å with '.' as the decimal point.")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,TS_1,ribosome,1,nan,3\n", "line 2: y 'nan' is not a finite number")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,,ribosome,1,2,3\n", "line 2: experiment is empty.")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,TS_1,,1,2,3\n", "line 2: particle_type is empty.")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,\"TS_1,ribosome,1,2,3\n", "line 2: a quoted field is not closed")]
    [InlineData("id,experiment,particle_type,x,y,z\n0,\"TS_1\"x,ribosome,1,2,3\n", "line 2: text follows a closing quote at column 9")]
    public void Read_MalformedFile_NamesFileAndLine(string content, string expected)
    {
        using TempDirectory temp = new();
        string path = temp.File("submission.csv");
        File.WriteAllText(path, content);

        CompetitionCsvFormatException error = Assert.Throws<CompetitionCsvFormatException>(() => CompetitionCsvReader.Read(path));

        Assert.StartsWith($"{path}: {expected}", error.Message, StringComparison.Ordinal);
    }

    static IReadOnlyList<CompetitionCsvRow> ReadFile(string content)
    {
        using TempDirectory temp = new();
        string path = temp.File("submission.csv");
        File.WriteAllText(path, content);
        return CompetitionCsvReader.Read(path);
    }
}
