using System.Buffers;
using System.Text.Json;
using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes.Zarr;

/// <summary>
/// A tomogram in a Zarr v2 store: one level of an OME-NGFF multiscale group (the CryoET Data Portal's and copick's
/// layout), or a bare 3-D array. A read fetches and decodes only the chunks the region touches, several at a time,
/// and of Blosc chunks only the blocks that hold the region.
/// </summary>
public sealed class ZarrVolume : IVolumeSource
{
    readonly IZarrStore store;
    readonly ZarrArrayMetadata metadata;
    readonly string chunkPrefix;
    readonly ZarrChunkCache? cache;
    readonly int maxConcurrentChunks;

    ZarrVolume(IZarrStore store, ZarrArrayMetadata metadata, string arrayPath, VolumeInfo info, IReadOnlyList<ZarrLevel> levels, int level, IReadOnlyList<string> assumptions, ZarrReadOptions options)
    {
        this.store = store;
        this.metadata = metadata;
        this.chunkPrefix = arrayPath.Length == 0 ? string.Empty : arrayPath + "/";
        this.cache = options.ChunkCacheBytes > 0 ? new ZarrChunkCache(options.ChunkCacheBytes) : null;
        this.maxConcurrentChunks = Math.Max(1, options.MaxConcurrentChunks);
        this.Info = info;
        this.Levels = levels;
        this.Level = level;
        this.Assumptions = assumptions;
    }

    /// <inheritdoc/>
    public VolumeInfo Info { get; }

    /// <summary>Gets the store's resolution levels, highest resolution first; one unnamed level for a bare array.</summary>
    public IReadOnlyList<ZarrLevel> Levels { get; }

    /// <summary>Gets the index of the level this volume reads.</summary>
    public int Level { get; }

    /// <summary>Gets the extent of one stored chunk.</summary>
    public Shape3 ChunkShape => this.metadata.Chunks;

    /// <summary>Gets how chunks are compressed, e.g. "blosc lz4, byte shuffle" or "none".</summary>
    public string Compression => this.metadata.Compressor?.Description ?? "none";

    /// <summary>Gets what the metadata left open and the reader assumed, in words; empty when nothing was assumed.</summary>
    public IReadOnlyList<string> Assumptions { get; }

    /// <summary>Opens a Zarr store in a local folder.</summary>
    /// <param name="folder">The store's folder, e.g. "TS_5_4.zarr".</param>
    /// <param name="options">The level, voxel size override and cache; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the metadata reads.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="VolumeFormatException">The store is not a Zarr v2 volume CzPick reads; the message says why.</exception>
    public static Task<ZarrVolume> OpenAsync(string folder, ZarrReadOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenAsync(new DirectoryZarrStore(folder), options, cancellationToken);

    /// <summary>Opens a Zarr store: reads its metadata, picks the level, and checks the level's array.</summary>
    /// <param name="store">Where the store's keys live.</param>
    /// <param name="options">The level, voxel size override and cache; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the metadata reads.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="VolumeFormatException">The store is not a Zarr v2 volume CzPick reads; the message says why.</exception>
    public static async Task<ZarrVolume> OpenAsync(IZarrStore store, ZarrReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new ZarrReadOptions();
        ZarrMetadataReader reader = await ZarrMetadataReader.OpenAsync(store, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<ZarrLevel> levels;
        IReadOnlyList<string> assumptions = [];
        string format;
        JsonElement? array = await reader.ReadAsync(".zarray", cancellationToken).ConfigureAwait(false);
        if (array is not null)
        {
            levels = [new ZarrLevel(string.Empty, null)];
            format = "Zarr";
        }
        else
        {
            OmeMultiscales multiscales = await ReadMultiscalesAsync(store, reader, cancellationToken).ConfigureAwait(false);
            levels = multiscales.Levels;
            assumptions = multiscales.Assumptions;
            format = "OME-Zarr";
        }

        if (options.Level < 0 || options.Level >= levels.Count)
        {
            throw new VolumeFormatException(store.Location, $"level {options.Level} requested, but the store has {levels.Count} level{(levels.Count == 1 ? string.Empty : "s")} (0–{levels.Count - 1}).");
        }

        ZarrLevel level = levels[options.Level];
        string arrayKey = level.Path.Length == 0 ? ".zarray" : $"{level.Path}/.zarray";
        array ??= await reader.ReadAsync(arrayKey, cancellationToken).ConfigureAwait(false);
        string arraySource = ZarrMetadataReader.Source(store, arrayKey);
        if (array is null)
        {
            throw new VolumeFormatException(arraySource, $"missing: level {options.Level} names the array \"{level.Path}\", but the store has no .zarray there.");
        }

        ZarrArrayMetadata metadata;
        try
        {
            metadata = ZarrArrayMetadata.Parse(array.Value);
        }
        catch (InvalidDataException error)
        {
            throw new VolumeFormatException(arraySource, error.Message, error);
        }

        VoxelSizeAngstrom voxelSize = options.VoxelSize ?? level.VoxelSize ??
            throw new VolumeFormatException(store.Location, $"no voxel size: {(format == "Zarr" ? "a bare array has no OME-NGFF multiscales metadata" : $"level {options.Level} has no scale transformation")}. Give one explicitly (ZarrReadOptions.VoxelSize; --voxel-size on the command line).");
        VolumeInfo info = new(NameOf(store.Location), metadata.Shape, voxelSize, format, metadata.DataType.Name);
        return new ZarrVolume(store, metadata, level.Path, info, levels, options.Level, assumptions, options);
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(Box3 region, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        VolumeRegion.Validate(this.Info.Shape, region, destination.Length);
        Shape3 chunks = this.metadata.Chunks;
        Index3 first = new(region.Start.Z / chunks.Z, region.Start.Y / chunks.Y, region.Start.X / chunks.X);
        Index3 last = new((region.End.Z - 1) / chunks.Z, (region.End.Y - 1) / chunks.Y, (region.End.X - 1) / chunks.X);
        List<Index3> touched = [];
        for (int z = first.Z; z <= last.Z; z++)
        {
            for (int y = first.Y; y <= last.Y; y++)
            {
                for (int x = first.X; x <= last.X; x++)
                {
                    touched.Add(new Index3(z, y, x));
                }
            }
        }

        if (touched.Count == 1)
        {
            await this.ReadChunkAsync(touched[0], region, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        ParallelOptions parallel = new() { MaxDegreeOfParallelism = this.maxConcurrentChunks, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(touched, parallel, (chunk, token) => this.ReadChunkAsync(chunk, region, destination, token)).ConfigureAwait(false);
    }

    /// <summary>Does nothing: the store belongs to the caller, and cached chunks are managed memory.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// The volume's name: the store's folder name without ".zarr", e.g. "TS_5_4"; for an array opened inside a store
    /// ("TS_5_4.zarr/0"), the store's name still.
    /// </summary>
    static string NameOf(string location)
    {
        string[] segments = location.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        string? store = segments.LastOrDefault(s => s.EndsWith(".zarr", StringComparison.OrdinalIgnoreCase));
        return store is null ? segments.LastOrDefault() ?? location : store[..^".zarr".Length];
    }

    static async Task<OmeMultiscales> ReadMultiscalesAsync(IZarrStore store, ZarrMetadataReader reader, CancellationToken cancellationToken)
    {
        JsonElement? attributes = await reader.ReadAsync(".zattrs", cancellationToken).ConfigureAwait(false);
        if (attributes is null && await reader.ReadAsync(".zgroup", cancellationToken).ConfigureAwait(false) is null)
        {
            bool isVersion3 = !reader.IsConsolidated && await store.ReadAsync("zarr.json", cancellationToken).ConfigureAwait(false) is not null;
            throw new VolumeFormatException(store.Location, isVersion3
                ? "a Zarr version 3 store (zarr.json); CzPick reads Zarr version 2 (.zarray, .zgroup, .zattrs)."
                : "not a Zarr v2 store: no .zarray, .zgroup, .zattrs or .zmetadata at its root.");
        }

        string source = ZarrMetadataReader.Source(store, ".zattrs");
        try
        {
            return (attributes is null ? null : OmeMultiscales.Parse(attributes.Value)) ??
                throw new VolumeFormatException(source, "a Zarr group without OME-NGFF \"multiscales\" metadata, so CzPick cannot tell which array is the tomogram; expected multiscales naming levels \"0\", \"1\", … as the CryoET Data Portal writes, or open one array's folder directly.");
        }
        catch (InvalidDataException error)
        {
            throw new VolumeFormatException(source, error.Message, error);
        }
    }

    async ValueTask ReadChunkAsync(Index3 chunk, Box3 region, Memory<float> destination, CancellationToken cancellationToken)
    {
        string key = this.chunkPrefix + this.metadata.ChunkKey(chunk);
        if (this.cache is null || !this.cache.TryGet(key, out byte[]? stored))
        {
            stored = await this.store.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (stored is null && this.metadata.UndeclaredNestedKey(chunk) is string nested)
            {
                stored = await this.store.ReadAsync(this.chunkPrefix + nested, cancellationToken).ConfigureAwait(false);
            }

            this.cache?.Add(key, stored);
        }

        this.CopyChunk(chunk, key, stored, region, destination.Span);
    }

    /// <summary>Decodes the part of a chunk inside the region and converts it into the region's rows.</summary>
    void CopyChunk(Index3 chunk, string key, byte[]? stored, Box3 region, Span<float> destination)
    {
        Shape3 chunks = this.metadata.Chunks;
        Index3 origin = new(chunk.Z * chunks.Z, chunk.Y * chunks.Y, chunk.X * chunks.X);
        Box3 part = new Box3(origin, chunks).Intersect(region);
        if (stored is null)
        {
            // A chunk never written (zarr skips chunks that are all fill value).
            for (int z = part.Start.Z; z < part.End.Z; z++)
            {
                for (int y = part.Start.Y; y < part.End.Y; y++)
                {
                    destination.Slice(RowOffset(region, z, y, part.Start.X), part.Size.X).Fill(this.metadata.FillValue);
                }
            }

            return;
        }

        int elementSize = this.metadata.DataType.Size;
        int chunkBytes = this.metadata.ChunkByteCount;
        Index3 localFirst = part.Start - origin;
        Index3 localLast = part.End - origin - new Index3(1, 1, 1);
        int neededStart = checked((int)chunks.IndexOf(localFirst.Z, localFirst.Y, localFirst.X) * elementSize);
        int neededEnd = checked((int)(chunks.IndexOf(localLast.Z, localLast.Y, localLast.X) + 1) * elementSize);

        byte[]? decoded = null;
        try
        {
            // bytes holds the chunk from byte windowStart on: the whole chunk, or the Blosc blocks the region needs.
            ReadOnlySpan<byte> bytes;
            int windowStart = 0;
            if (this.metadata.Compressor is null)
            {
                if (stored.Length != chunkBytes)
                {
                    throw new InvalidDataException($"uncompressed chunk is {stored.Length} bytes; expected {chunkBytes} (chunks {chunks} × {elementSize}-byte {this.metadata.DataType}).");
                }

                bytes = stored;
            }
            else
            {
                (windowStart, int windowEnd) = this.metadata.Compressor.Window(stored, chunkBytes, neededStart, neededEnd);
                decoded = ArrayPool<byte>.Shared.Rent(windowEnd - windowStart);
                bytes = decoded.AsSpan(0, windowEnd - windowStart);
                this.metadata.Compressor.Decode(stored, chunkBytes, decoded.AsSpan(0, bytes.Length), windowStart);
            }

            ZarrDataType type = this.metadata.DataType;
            for (int z = part.Start.Z; z < part.End.Z; z++)
            {
                for (int y = part.Start.Y; y < part.End.Y; y++)
                {
                    long source = chunks.IndexOf(z - origin.Z, y - origin.Y, part.Start.X - origin.X) * elementSize;
                    int target = RowOffset(region, z, y, part.Start.X);
                    type.ToSingle(bytes.Slice((int)source - windowStart, part.Size.X * elementSize), destination.Slice(target, part.Size.X));
                }
            }
        }
        catch (InvalidDataException error)
        {
            throw new VolumeFormatException(ZarrMetadataReader.Source(this.store, key), error.Message, error);
        }
        finally
        {
            if (decoded is not null)
            {
                ArrayPool<byte>.Shared.Return(decoded);
            }
        }
    }

    static int RowOffset(Box3 region, int z, int y, int x) =>
        checked((int)region.Size.IndexOf(z - region.Start.Z, y - region.Start.Y, x - region.Start.X));
}
