using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick info FILE [--json] [--validate] [--level N]`: an MRC file's header or an OME-Zarr store's metadata, what
/// was assumed to read it, and its data statistics from one streaming pass. With --validate, every problem of an MRC
/// file (mrcfile's validate()) instead of the first, and exit code 1 when there is any.
/// </summary>
static class InfoCommand
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

        // Keep "Å" and quotes readable: the output goes to terminals and JSON parsers, never into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        Argument<string> file = new("file") { Description = "The MRC2014 file (modes 0, 1, 2, 6, 12; either byte order), or an OME-Zarr store's folder." };
        Option<bool> json = new("--json") { Description = "Print one JSON object (camelCase) instead of text." };
        Option<bool> validate = new("--validate")
        {
            Description = "Report every problem, not only the first, as mrcfile's validate() does; exit 1 if there is any.",
        };
        Option<int> level = new("--level") { Description = "The level of an OME-Zarr multiscale store to read: 0 (full resolution) by default." };
        Option<double?> voxelSize = new("--voxel-size") { Description = "The voxel size in Å of a Zarr store: overrides its metadata, or stands in for a bare array's missing one." };
        Command command = new("info", "Show an MRC file's header or an OME-Zarr store's metadata, and the data statistics (min, max, mean, std), read in one pass.")
        {
            file,
            json,
            validate,
            level,
            voxelSize,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(validate), parse.GetValue(level), parse.GetValue(voxelSize), cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(string path, bool json, bool validate, int level, double? voxelSize, CancellationToken cancellationToken)
    {
        InfoReport report;
        bool isZarr = Directory.Exists(path);
        if (!isZarr && (level != 0 || voxelSize is not null))
        {
            throw new UserErrorException($"--level and --voxel-size apply to Zarr stores; '{path}' is not a store folder.");
        }

        if (voxelSize is not > 0 and not null)
        {
            throw new UserErrorException($"--voxel-size must be a positive number of Å, not {voxelSize}.");
        }

        if (isZarr)
        {
            if (validate)
            {
                throw new UserErrorException("--validate checks MRC headers; for a Zarr store, `czpick info` without it reads and checks every chunk.");
            }

            ZarrReadOptions options = new() { Level = level, VoxelSize = voxelSize is double size ? VoxelSizeAngstrom.Isotropic(size) : null };
            using ZarrVolume volume = await ZarrVolume.OpenAsync(path, options, cancellationToken);
            report = InfoReport.FromZarr(path, volume).WithStatistics(await ComputeAsync(volume, path, cancellationToken));
        }
        else if (validate)
        {
            MrcInspection inspection = MrcFile.Inspect(path);
            List<MrcIssue> issues = [.. inspection.Issues];
            report = InfoReport.FromHeader(path, inspection.Header);
            if (inspection.IsReadable)
            {
                using MrcReader reader = MrcFile.Open(path);
                VolumeStatistics statistics = await ComputeAsync(reader, reader.SourceName, cancellationToken);
                issues.AddRange(MrcValidator.CheckStatistics(reader.Header, statistics));
                report = report.WithStatistics(statistics);
            }

            report = report with
            {
                Valid = issues.Count == 0,
                Problems = [.. issues.Select(issue => new ProblemReport(issue.Severity == MrcIssueSeverity.Error ? "error" : "warning", issue.Message))],
            };
        }
        else
        {
            using MrcReader reader = MrcFile.Open(path);
            VolumeStatistics statistics = await ComputeAsync(reader, reader.SourceName, cancellationToken);
            report = InfoReport.FromHeader(path, reader.Header).WithStatistics(statistics) with
            {
                Warnings = [.. reader.Warnings.Select(issue => issue.Message)],
            };
        }

        Console.Out.Write(json ? JsonSerializer.Serialize(report, JsonOptions) + Environment.NewLine : report.ToText());
        return report.Valid == false ? 1 : 0;
    }

    static Task<VolumeStatistics> ComputeAsync(IVolumeSource source, string path, CancellationToken cancellationToken) =>
        ConsoleProgress.RunAsync($"Reading {Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}", progress => VolumeStatistics.ComputeAsync(source, progress, cancellationToken));

    /// <summary>What `info` prints; serialized as is for --json.</summary>
    sealed record InfoReport(string File)
    {
        public string? Format { get; init; }

        public int? Nx { get; init; }

        public int? Ny { get; init; }

        public int? Nz { get; init; }

        public int? Mode { get; init; }

        public string? ElementType { get; init; }

        /// <summary>Gets the volume's extent along the real axes, (z, y, x).</summary>
        public int[]? Shape { get; init; }

        /// <summary>Gets the voxel size along x, in Å.</summary>
        public double? VoxelSize { get; init; }

        /// <summary>Gets the voxel size along (x, y, z), in Å.</summary>
        public double[]? VoxelSizeXyz { get; init; }

        public string? VoxelSizeSource { get; init; }

        public string? ByteOrder { get; init; }

        public bool? ByteOrderAssumed { get; init; }

        public string? MachineStamp { get; init; }

        public int? Version { get; init; }

        public string? ExtendedHeaderType { get; init; }

        public int? ExtendedHeaderBytes { get; init; }

        public long? DataOffset { get; init; }

        /// <summary>Gets mapc, mapr, maps.</summary>
        public int[]? AxisOrder { get; init; }

        /// <summary>Gets the origin along (x, y, z), in Å.</summary>
        public double[]? Origin { get; init; }

        /// <summary>Gets nxstart, nystart, nzstart.</summary>
        public int[]? Start { get; init; }

        public IReadOnlyList<string>? Labels { get; init; }

        /// <summary>Gets dmin, dmax, dmean and rms as the header declares them.</summary>
        public HeaderStatistics? HeaderStatistics { get; init; }

        public long? Count { get; init; }

        public double? Min { get; init; }

        public double? Max { get; init; }

        public double? Mean { get; init; }

        public double? Std { get; init; }

        public IReadOnlyList<string>? Warnings { get; init; }

        /// <summary>Gets the OME-Zarr level read.</summary>
        public int? Level { get; init; }

        /// <summary>Gets the store's levels, highest resolution first.</summary>
        public IReadOnlyList<LevelReport>? Levels { get; init; }

        /// <summary>Gets a Zarr chunk's extent, (z, y, x).</summary>
        public int[]? Chunks { get; init; }

        public string? Compression { get; init; }

        public bool? Valid { get; init; }

        public IReadOnlyList<ProblemReport>? Problems { get; init; }

        public static InfoReport FromHeader(string path, MrcHeader? header) => header is null ? new InfoReport(path) : new InfoReport(path)
        {
            Format = "MRC2014",
            Nx = header.Nx,
            Ny = header.Ny,
            Nz = header.Nz,
            Mode = (int)header.Mode,
            ElementType = header.ElementType,
            Shape = [header.Shape.Z, header.Shape.Y, header.Shape.X],
            VoxelSize = header.VoxelSize.X,
            VoxelSizeXyz = [header.VoxelSize.X, header.VoxelSize.Y, header.VoxelSize.Z],
            VoxelSizeSource = header.VoxelSizeSource,
            ByteOrder = header.ByteOrder == MrcByteOrder.LittleEndian ? "little-endian" : "big-endian",
            ByteOrderAssumed = header.ByteOrderAssumed,
            MachineStamp = MrcHeader.FormatMachineStamp(header.MachineStamp),
            Version = header.Version,
            ExtendedHeaderType = header.ExtendedHeaderType,
            ExtendedHeaderBytes = header.ExtendedHeaderBytes,
            DataOffset = header.DataOffset,
            AxisOrder = [header.MapC, header.MapR, header.MapS],
            Origin = [header.Origin.X, header.Origin.Y, header.Origin.Z],
            Start = [header.Start.X, header.Start.Y, header.Start.Z],
            Labels = header.Labels,
            HeaderStatistics = new HeaderStatistics(header.DMin, header.DMax, header.DMean, header.Rms),
        };

        public static InfoReport FromZarr(string path, ZarrVolume volume) => new(path)
        {
            Format = volume.Info.Format,
            ElementType = volume.Info.ElementType,
            Shape = [volume.Info.Shape.Z, volume.Info.Shape.Y, volume.Info.Shape.X],
            VoxelSize = volume.Info.VoxelSize.X,
            VoxelSizeXyz = [volume.Info.VoxelSize.X, volume.Info.VoxelSize.Y, volume.Info.VoxelSize.Z],
            Level = volume.Level,
            Levels = [.. volume.Levels.Select(level => new LevelReport(level.Path, level.VoxelSize?.X))],
            Chunks = [volume.ChunkShape.Z, volume.ChunkShape.Y, volume.ChunkShape.X],
            Compression = volume.Compression,
            Warnings = volume.Assumptions,
        };

        public InfoReport WithStatistics(VolumeStatistics statistics) => this with
        {
            Count = statistics.Count,
            Min = statistics.Min,
            Max = statistics.Max,
            Mean = statistics.Mean,
            Std = statistics.StandardDeviation,
        };

        public string ToText()
        {
            List<(string Name, string Value)> lines = [("File", this.File)];
            if (this.Chunks is not null)
            {
                string levels = string.Join("; ", this.Levels!.Select((level, i) => $"{i}: {(level.Path.Length == 0 ? "the array itself" : $"\"{level.Path}\"")}{(level.VoxelSize is double size ? $" {size:0.####} Å" : string.Empty)}"));
                lines.AddRange(
                [
                    ("Format", $"{this.Format} (zarr v2)"),
                    ("Dimensions", $"volume {this.Shape![0]}×{this.Shape[1]}×{this.Shape[2]} (z×y×x), level {this.Level} of {this.Levels!.Count}"),
                    ("Element type", this.ElementType!),
                    ("Voxel size", $"{Format3(this.VoxelSizeXyz!)} Å (x, y, z)"),
                    ("Levels", levels),
                    ("Chunks", $"{this.Chunks[0]}×{this.Chunks[1]}×{this.Chunks[2]} (z×y×x)"),
                    ("Compression", this.Compression!),
                ]);
            }
            else if (this.Format is not null)
            {
                string assumed = this.ByteOrderAssumed == true ? "assumed: the stamp is missing or contradicted" : "from the stamp";
                string extended = this.ExtendedHeaderBytes > 0
                    ? $"{this.ExtendedHeaderBytes} bytes, type '{this.ExtendedHeaderType}' (data at byte {this.DataOffset})"
                    : "none";
                string axes = this.AxisOrder is [1, 2, 3] ? "1, 2, 3 (columns x, rows y, sections z)"
                    : $"{string.Join(", ", this.AxisOrder!)} (permuted: read back as z, y, x)";
                lines.AddRange(
                [
                    ("Format", $"{this.Format} (nversion {this.Version})"),
                    ("Dimensions", $"nx, ny, nz = {this.Nx}, {this.Ny}, {this.Nz}; volume {this.Shape![0]}×{this.Shape[1]}×{this.Shape[2]} (z×y×x)"),
                    ("Mode", $"{this.Mode} ({this.ElementType})"),
                    ("Voxel size", $"{Format3(this.VoxelSizeXyz!)} Å (x, y, z) = {this.VoxelSizeSource}"),
                    ("Byte order", $"{this.ByteOrder}, {assumed} ({this.MachineStamp})"),
                    ("Axis order", axes),
                    ("Origin", $"{Format3(this.Origin!)} Å (x, y, z)"),
                    ("Start", $"{string.Join(", ", this.Start!)} (nxstart, nystart, nzstart)"),
                    ("Ext. header", extended),
                    ("Header stats", $"dmin {this.HeaderStatistics!.DMin:G7}, dmax {this.HeaderStatistics.DMax:G7}, dmean {this.HeaderStatistics.DMean:G7}, rms {this.HeaderStatistics.Rms:G7}"),
                ]);
                lines.AddRange(this.Labels!.Select((label, i) => (i == 0 ? "Labels" : string.Empty, $"{i + 1}: {label}")));
            }

            if (this.Count is not null)
            {
                lines.Add(("Data", $"min {this.Min:G7}, max {this.Max:G7}, mean {this.Mean:G7}, std {this.Std:G7} ({this.Count:N0} voxels, one pass)"));
            }

            lines.AddRange((this.Warnings ?? []).Select(warning => ("Warning", warning)));
            if (this.Valid is bool valid)
            {
                lines.Add(("Validation", valid ? "valid MRC2014, no problems found" : $"{this.Problems!.Count} problem(s)"));
                lines.AddRange(this.Problems!.Select(problem => (problem.Severity == "error" ? "Error" : "Warning", problem.Message)));
            }

            return string.Concat(lines.Select(line => $"{line.Name,-14}{line.Value}{Environment.NewLine}"));
        }

        static string Format3(double[] values) => string.Join(", ", values.Select(value => value.ToString("0.####")));
    }

    /// <summary>The statistics a header declares.</summary>
    sealed record HeaderStatistics(
        [property: JsonPropertyName("dmin")] float DMin,
        [property: JsonPropertyName("dmax")] float DMax,
        [property: JsonPropertyName("dmean")] float DMean,
        [property: JsonPropertyName("rms")] float Rms);

    /// <summary>One level of an OME-Zarr store: its array path and voxel size along x, in Å.</summary>
    sealed record LevelReport(string Path, double? VoxelSize);

    /// <summary>One problem found by --validate.</summary>
    sealed record ProblemReport(string Severity, string Message);
}
