using System.Text.Json;
using System.Text.Json.Serialization;
using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Volumes;

namespace CzPick.Inference.Ensemble;

/// <summary>
/// An ensemble as <c>models/{ensemble}/ensemble.json</c> describes it: the member networks and their weights, the
/// TTA passes, the classes in channel order, the voxel spacing it was trained at, the sliding window, and how each
/// class is picked. Read with <see cref="Load"/>, which checks everything before any network is loaded.
/// </summary>
/// <remarks>
/// <para>An example (the keys are snake_case; <c>tta</c>, <c>overlap</c>, <c>blend</c>, <c>sigma_scale</c>,
/// <c>size_multiple</c> and <c>voxel_spacing</c> have the seed's defaults):</para>
/// <code>
/// {
///   "name": "sample",
///   "members": [{"file": "tiny.onnx", "weight": 1}],
///   "tta": ["identity", "flip-x", "flip-y", "swap-xy"],
///   "classes": ["background", "apo-ferritin", "beta-amylase", "beta-galactosidase", "ribosome", "thyroglobulin", "virus-like-particle"],
///   "voxel_spacing": 10.012,
///   "window": {"z": 96, "y": 96, "x": 96},
///   "overlap": 0.25,
///   "blend": "gaussian",
///   "picking": {"ribosome": {"threshold": 0.1, "min_blob_voxels": 750, "min_distance_voxels": 15}}
/// }
/// </code>
/// </remarks>
public sealed record EnsembleManifest
{
    /// <summary>The manifest's file name inside a model directory.</summary>
    public const string FileName = "ensemble.json";

    /// <summary>The only blend mode: MONAI's Gaussian importance weights.</summary>
    public const string GaussianBlend = "gaussian";

    /// <summary>The name of channel 0.</summary>
    public const string BackgroundClass = "background";

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,

        // A misspelt key would otherwise be ignored and its default used without a word.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new WindowJsonConverter() },
    };

    /// <summary>Gets the ensemble's name, e.g. "sample".</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the ensemble is and where its weights came from.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the member networks.</summary>
    public required IReadOnlyList<EnsembleMember> Members { get; init; }

    /// <summary>Gets the TTA passes every window goes through; the seed's four by default.</summary>
    public IReadOnlyList<TtaPass> Tta { get; init; } = TtaPasses.Seed;

    /// <summary>Gets the class of each output channel: "background", then copick object names.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Gets the voxel spacing the networks were trained at, in Å.</summary>
    public double VoxelSpacing { get; init; } = VoxelSizeAngstrom.CziiSpacing;

    /// <summary>Gets the sliding window (z, y, x), each extent a multiple of <see cref="SizeMultiple"/>.</summary>
    public required Shape3 Window { get; init; }

    /// <summary>Gets the fraction by which neighbouring windows overlap, in [0, 1).</summary>
    public double Overlap { get; init; } = 0.25;

    /// <summary>Gets how windows are blended; only <see cref="GaussianBlend"/>.</summary>
    public string Blend { get; init; } = GaussianBlend;

    /// <summary>Gets the Gaussian's standard deviation as a fraction of the window (MONAI's sigma_scale).</summary>
    public double SigmaScale { get; init; } = 0.125;

    /// <summary>Gets the number every window extent must be a multiple of: the product of the UNets' strides.</summary>
    public int SizeMultiple { get; init; } = 4;

    /// <summary>Gets how each picked class is picked, by class name; classes left out are not picked.</summary>
    public IReadOnlyDictionary<string, PickingParameters> Picking { get; init; } = new Dictionary<string, PickingParameters>();

    /// <summary>Gets the directory the member files are resolved against: where the manifest was read from.</summary>
    [JsonIgnore]
    public string Directory { get; init; } = ".";

    /// <summary>Gets the manifest file this was read from, or where it would be, for messages.</summary>
    [JsonIgnore]
    public string SourceName => System.IO.Path.Combine(this.Directory, FileName);

    /// <summary>Reads and checks a manifest.</summary>
    /// <param name="path">A model directory holding ensemble.json, or the manifest file itself.</param>
    /// <returns>The manifest, its <see cref="Directory"/> set to the file's directory.</returns>
    /// <exception cref="EnsembleFormatException">The manifest is missing, malformed or names something unusable.</exception>
    public static EnsembleManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string file = System.IO.Directory.Exists(path) ? System.IO.Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            throw new EnsembleFormatException(
                file,
                System.IO.Directory.Exists(path)
                    ? $"not found; a model directory holds {FileName} next to its .onnx members."
                    : $"not found; expected a model directory or its {FileName}.");
        }

        using FileStream stream = File.OpenRead(file);
        return Read(stream, System.IO.Path.GetFullPath(file), checkFiles: true);
    }

    /// <summary>Reads and checks a manifest from a stream, e.g. a blob, without its member files.</summary>
    /// <param name="stream">The manifest's JSON.</param>
    /// <param name="sourceName">Where it came from, e.g. <c>models/sample/ensemble.json</c>: its directory becomes <see cref="Directory"/>, and messages name it.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="EnsembleFormatException">The manifest is malformed or names something unusable.</exception>
    public static EnsembleManifest Read(Stream stream, string sourceName) => Read(stream, sourceName, checkFiles: false);

    /// <summary>
    /// Returns how a block is picked with this ensemble: its particles and its sliding window. <c>czpick pick</c> and
    /// the pipeline's planner and workers all pick with these options, so they pick alike.
    /// </summary>
    /// <returns>The block picker options.</returns>
    public BlockPickerOptions CreateBlockPickerOptions() => new()
    {
        Catalog = this.CreateCatalog(),
        Blend = new BlendOptions { Window = this.Window, Overlap = this.Overlap, SigmaScale = this.SigmaScale, SizeMultiple = this.SizeMultiple },
    };

    static EnsembleManifest Read(Stream stream, string sourceName, bool checkFiles)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        EnsembleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<EnsembleManifest>(stream, JsonOptions);
        }
        catch (JsonException error)
        {
            throw new EnsembleFormatException(sourceName, $"{error.Message} Expected an ensemble manifest (name, members, classes, window, …).", error);
        }

        if (manifest is null)
        {
            throw new EnsembleFormatException(sourceName, "holds null; expected an ensemble manifest object.");
        }

        manifest = manifest with { Directory = System.IO.Path.GetDirectoryName(sourceName) is { Length: > 0 } directory ? directory : "." };
        manifest.Validate(checkFiles);
        return manifest;
    }

    /// <summary>Checks the manifest and writes it as <c>ensemble.json</c> in a directory, replacing any there.</summary>
    /// <param name="directory">The model directory.</param>
    /// <returns>The file written.</returns>
    /// <exception cref="EnsembleFormatException">The manifest is not valid.</exception>
    public string Save(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string file = System.IO.Path.Combine(directory, FileName);
        (this with { Directory = directory }).Validate(checkFiles: false);
        AtomicFile.Write(file, temporary => File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonOptions) + "\n"));
        return file;
    }

    /// <summary>Returns the full path of a member's ONNX file.</summary>
    /// <param name="member">The member.</param>
    /// <returns>The path, resolved against <see cref="Directory"/>.</returns>
    public string MemberPath(EnsembleMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(this.Directory, member.File));
    }

    /// <summary>Returns each member's share of the weighted mean: its weight over the sum of weights.</summary>
    /// <returns>One weight per member, summing to 1.</returns>
    public double[] NormalizedWeights()
    {
        double total = this.Members.Sum(m => m.Weight);
        return [.. this.Members.Select(m => m.Weight / total)];
    }

    /// <summary>
    /// Returns the particles the ensemble predicts, label = channel: each class is the competition particle of that
    /// name (radius and score weight), picked with this manifest's parameters, or not picked when it has none.
    /// </summary>
    /// <returns>The catalog.</returns>
    public ParticleCatalog CreateCatalog() =>
        new(this.Classes.Skip(1).Select((name, index) => ParticleCatalog.Czii[name] with
        {
            Label = index + 1,
            Picking = this.Picking.GetValueOrDefault(name),
        }));

    /// <summary>Checks every field; the first problem found is thrown.</summary>
    /// <param name="checkFiles">Whether the member files must exist too.</param>
    /// <exception cref="EnsembleFormatException">A field is not valid; the message names it and says what was expected.</exception>
    public void Validate(bool checkFiles = true)
    {
        if (this.Problem(checkFiles) is string problem)
        {
            throw new EnsembleFormatException(this.SourceName, problem);
        }
    }

    string? Problem(bool checkFiles)
    {
        if (string.IsNullOrWhiteSpace(this.Name))
        {
            return "name is empty; expected the ensemble's name, e.g. \"sample\".";
        }

        if (this.Members is null || this.Members.Count == 0)
        {
            return "members is empty; expected at least one {\"file\": \"….onnx\", \"weight\": 1}.";
        }

        HashSet<string> files = new(StringComparer.Ordinal);
        foreach (EnsembleMember member in this.Members)
        {
            if (member is null || string.IsNullOrWhiteSpace(member.File))
            {
                return "a member has no file; expected {\"file\": \"….onnx\", \"weight\": 1}.";
            }

            if (!(double.IsFinite(member.Weight) && member.Weight > 0))
            {
                return $"member {member.File} has weight {member.Weight}; expected a positive number (weights are normalized to sum to 1).";
            }

            if (!files.Add(this.MemberPath(member)))
            {
                return $"member {member.File} is listed twice; give it a larger weight instead.";
            }

            if (checkFiles && !File.Exists(this.MemberPath(member)))
            {
                return $"member {member.File} not found at {this.MemberPath(member)}; expected an ONNX file made by czpick model build, import or soup.";
            }
        }

        if (this.Tta is null || this.Tta.Count == 0)
        {
            return "tta is empty; expected at least [\"identity\"].";
        }

        if (this.Tta.Distinct().Count() != this.Tta.Count)
        {
            return $"tta lists a pass twice ({string.Join(", ", this.Tta.Select(p => p.Name()))}); each pass counts once.";
        }

        if (this.Classes is null || this.Classes.Count < 2 || this.Classes[0] != BackgroundClass)
        {
            return $"classes must start with \"{BackgroundClass}\" and name at least one particle, in channel order.";
        }

        foreach (string name in this.Classes.Skip(1))
        {
            if (!ParticleCatalog.Czii.TryGet(name, out _))
            {
                return $"class '{name}' is not a known particle; expected {string.Join(", ", ParticleCatalog.Czii.Particles.Select(p => p.Name))}.";
            }
        }

        if (this.Classes.Distinct(StringComparer.Ordinal).Count() != this.Classes.Count)
        {
            return "classes lists a name twice; each channel is one class.";
        }

        if (!(double.IsFinite(this.VoxelSpacing) && this.VoxelSpacing > 0))
        {
            return $"voxel_spacing is {this.VoxelSpacing}; expected the training voxel size in Å, e.g. {VoxelSizeAngstrom.CziiSpacing}.";
        }

        if (this.SizeMultiple <= 0)
        {
            return $"size_multiple is {this.SizeMultiple}; expected the product of the UNets' strides, e.g. 4.";
        }

        if (!this.Window.IsPositive || this.Window.Z % this.SizeMultiple != 0 || this.Window.Y % this.SizeMultiple != 0 || this.Window.X % this.SizeMultiple != 0)
        {
            return $"window is {this.Window} (z, y, x); expected positive extents that are multiples of {this.SizeMultiple}.";
        }

        if (this.Tta.Contains(TtaPass.SwapXY) && this.Window.Y != this.Window.X)
        {
            return $"tta has swap-xy but the window is {this.Window} (z, y, x); swapping x and y needs y = x. Make the window square in y and x or drop swap-xy.";
        }

        if (!(this.Overlap >= 0 && this.Overlap < 1))
        {
            return $"overlap is {this.Overlap}; expected a fraction in [0, 1), e.g. 0.25.";
        }

        if (this.Blend != GaussianBlend)
        {
            return $"blend is '{this.Blend}'; windows are blended with MONAI's Gaussian weights only (\"{GaussianBlend}\").";
        }

        if (!(double.IsFinite(this.SigmaScale) && this.SigmaScale > 0))
        {
            return $"sigma_scale is {this.SigmaScale}; expected a positive fraction of the window, e.g. 0.125.";
        }

        foreach ((string name, PickingParameters parameters) in this.Picking ?? new Dictionary<string, PickingParameters>())
        {
            if (!this.Classes.Skip(1).Contains(name, StringComparer.Ordinal))
            {
                return $"picking names '{name}', which is not one of the classes ({string.Join(", ", this.Classes.Skip(1))}).";
            }

            if (parameters is null
                || !(parameters.Threshold > 0 && parameters.Threshold < 1)
                || !(double.IsFinite(parameters.MinBlobVoxels) && parameters.MinBlobVoxels >= 0)
                || parameters.MinDistanceVoxels < 1)
            {
                return $"picking of {name} is {parameters}; expected a threshold in (0, 1), min_blob_voxels ≥ 0 and min_distance_voxels ≥ 1.";
            }
        }

        return null;
    }

    /// <summary>Reads and writes the window as {"z": …, "y": …, "x": …}, so no reader has to guess the axis order.</summary>
    sealed class WindowJsonConverter : JsonConverter<Shape3>
    {
        public override Shape3 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("window is not an object; expected {\"z\": …, \"y\": …, \"x\": …} in voxels.");
            }

            int?[] axes = new int?[3];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? name = reader.GetString();
                int axis = name switch { "z" => 0, "y" => 1, "x" => 2, _ => -1 };
                if (axis < 0 || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int extent))
                {
                    throw new JsonException($"window holds '{name}' that is not an axis with a whole number; expected {{\"z\": …, \"y\": …, \"x\": …}} in voxels.");
                }

                axes[axis] = extent;
            }

            return axes is [int z, int y, int x]
                ? new Shape3(z, y, x)
                : throw new JsonException("window lacks an axis; expected {\"z\": …, \"y\": …, \"x\": …} in voxels.");
        }

        public override void Write(Utf8JsonWriter writer, Shape3 value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("z", value.Z);
            writer.WriteNumber("y", value.Y);
            writer.WriteNumber("x", value.X);
            writer.WriteEndObject();
        }
    }
}
