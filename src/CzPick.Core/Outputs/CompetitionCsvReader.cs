using System.Globalization;
using System.Text;
using CzPick.Core.Picking;

namespace CzPick.Core.Outputs;

/// <summary>
/// Reads a competition CSV: a header naming at least <c>id,experiment,particle_type,x,y,z</c> (in any order; other
/// columns are ignored), then one pick per line. Blank lines are skipped, as pandas skips them. Every problem is
/// reported with the file and line.
/// </summary>
public static class CompetitionCsvReader
{
    /// <summary>Reads every row of a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="CompetitionCsvFormatException">The file is not a valid competition CSV; the message names the line.</exception>
    public static IReadOnlyList<CompetitionCsvRow> Read(string path)
    {
        using StreamReader reader = new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <summary>Reads every row.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file or blob name, for messages.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="CompetitionCsvFormatException">The text is not a valid competition CSV; the message names the line.</exception>
    public static IReadOnlyList<CompetitionCsvRow> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        while (header is not null && string.IsNullOrWhiteSpace(header))
        {
            header = reader.ReadLine();
        }

        if (header is null)
        {
            throw new CompetitionCsvFormatException(sourceName, 0, $"the file is empty; expected the header {CompetitionCsv.Header}.");
        }

        int lineNumber = 1;
        int[] columnOf = ReadHeader(header, sourceName);
        List<CompetitionCsvRow> rows = [];
        Dictionary<long, int> lineOfId = [];
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            List<string> fields = SplitFields(line, sourceName, lineNumber);
            if (fields.Count != columnOf.Length)
            {
                throw new CompetitionCsvFormatException(sourceName, lineNumber, $"{fields.Count} fields; expected {columnOf.Length}, as in the header.");
            }

            string idText = fields[columnOf[0]];
            if (!long.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
            {
                throw new CompetitionCsvFormatException(sourceName, lineNumber, $"id '{idText}' is not an integer.");
            }

            if (!lineOfId.TryAdd(id, lineNumber))
            {
                throw new CompetitionCsvFormatException(sourceName, lineNumber, $"id {id} is used on line {lineOfId[id]} too; ids must be unique over the whole file.");
            }

            string experiment = Name(fields[columnOf[1]], CompetitionCsv.Experiment, sourceName, lineNumber);
            string particle = Name(fields[columnOf[2]], CompetitionCsv.ParticleType, sourceName, lineNumber);
            double x = Coordinate(fields[columnOf[3]], CompetitionCsv.X, sourceName, lineNumber);
            double y = Coordinate(fields[columnOf[4]], CompetitionCsv.Y, sourceName, lineNumber);
            double z = Coordinate(fields[columnOf[5]], CompetitionCsv.Z, sourceName, lineNumber);
            rows.Add(new CompetitionCsvRow(id, experiment, new Pick(particle, x, y, z, 1)));
        }

        return rows;
    }

    /// <summary>Reads a file and groups its picks by run, as the scorer takes them.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The picks by run, runs in order of first appearance, picks in file order.</returns>
    /// <exception cref="CompetitionCsvFormatException">The file is not a valid competition CSV.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<Pick>> ReadPicksByRun(string path) =>
        Read(path)
            .GroupBy(row => row.Experiment, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Pick>)[.. g.Select(row => row.Pick)], StringComparer.Ordinal);

    /// <summary>Maps each of the six columns, in <see cref="CompetitionCsv.Columns"/> order, to its field index; the array's length is the header's field count.</summary>
    static int[] ReadHeader(string header, string sourceName)
    {
        List<string> names = SplitFields(header.TrimStart('\uFEFF'), sourceName, 1);
        Dictionary<string, int> indexOf = new(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i].Trim();
            if (!indexOf.TryAdd(name, i))
            {
                throw new CompetitionCsvFormatException(sourceName, 1, $"the header names column '{name}' twice; expected {CompetitionCsv.Header}.");
            }
        }

        string[] missing = [.. CompetitionCsv.Columns.Where(c => !indexOf.ContainsKey(c))];
        if (missing.Length > 0)
        {
            throw new CompetitionCsvFormatException(
                sourceName,
                1,
                $"the header '{header}' lacks {string.Join(", ", missing)}; expected {CompetitionCsv.Header}.");
        }

        int[] columnOf = new int[names.Count];
        for (int i = 0; i < CompetitionCsv.Columns.Length; i++)
        {
            columnOf[i] = indexOf[CompetitionCsv.Columns[i]];
        }

        return columnOf;
    }

    static string Name(string field, string column, string sourceName, int line) =>
        field.Length > 0 ? field : throw new CompetitionCsvFormatException(sourceName, line, $"{column} is empty.");

    static double Coordinate(string field, string column, string sourceName, int line) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new CompetitionCsvFormatException(sourceName, line, $"{column} '{field}' is not a finite number; expected Å with '.' as the decimal point.");

    /// <summary>Splits one line into fields, undoing RFC 4180 quoting ("a,b" and "say ""hi""").</summary>
    static List<string> SplitFields(string line, string sourceName, int lineNumber)
    {
        List<string> fields = [];
        StringBuilder field = new();
        int i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                for (i++; ; i++)
                {
                    if (i == line.Length)
                    {
                        throw new CompetitionCsvFormatException(sourceName, lineNumber, "a quoted field is not closed; expected a '\"' before the end of the line.");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i++;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new CompetitionCsvFormatException(sourceName, lineNumber, $"text follows a closing quote at column {i + 1}; expected ',' or the end of the line.");
                }
            }
            else
            {
                int end = line.IndexOf(',', i);
                end = end < 0 ? line.Length : end;
                field.Append(line, i, end - i);
                i = end;
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }
}
