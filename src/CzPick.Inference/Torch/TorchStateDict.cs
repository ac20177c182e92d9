using System.IO.Compression;
using System.Text;

namespace CzPick.Inference.Torch;

/// <summary>
/// A PyTorch state dict: named tensors in order. Reads the zip format torch.save has written since PyTorch 1.6
/// (<c>archive/data.pkl</c> plus one <c>archive/data/{key}</c> record per storage) without Python, and writes files
/// that torch.load reads back.
/// </summary>
public sealed class TorchStateDict
{
    /// <summary>Initializes a new instance of the <see cref="TorchStateDict"/> class.</summary>
    /// <param name="entries">The named tensors, in order; names must be unique.</param>
    /// <exception cref="ArgumentException">A name appears twice.</exception>
    public TorchStateDict(IEnumerable<KeyValuePair<string, TorchTensor>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        this.Entries = [.. entries];
        Dictionary<string, TorchTensor> byKey = new(StringComparer.Ordinal);
        foreach (KeyValuePair<string, TorchTensor> entry in this.Entries)
        {
            if (!byKey.TryAdd(entry.Key, entry.Value))
            {
                throw new ArgumentException($"The key '{entry.Key}' appears twice.", nameof(entries));
            }
        }

        this.ByKey = byKey;
    }

    /// <summary>Gets the named tensors in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, TorchTensor>> Entries { get; }

    /// <summary>Gets the tensors by name.</summary>
    public IReadOnlyDictionary<string, TorchTensor> ByKey { get; }

    /// <summary>
    /// Reads a state dict from a torch.save file: an OrderedDict (or dict) of tensors, or a Lightning checkpoint
    /// holding one under <c>state_dict</c>.
    /// </summary>
    /// <param name="path">The .pth or .ckpt file.</param>
    /// <returns>The state dict.</returns>
    /// <exception cref="TorchFormatException">The file is not a readable torch.save archive of tensors.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TorchStateDict Read(string path)
    {
        object? root = TorchArchive.Read(path);
        if (root is PickleDict { } dictionary && dictionary.Get("state_dict") is PickleDict nested)
        {
            root = nested;
        }

        if (root is not PickleDict stateDict)
        {
            throw new TorchFormatException(path, $"holds {Describe(root)}; expected a state dict (a dict of tensors) or a checkpoint with a 'state_dict' entry");
        }

        List<KeyValuePair<string, TorchTensor>> entries = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (KeyValuePair<object?, object?> item in stateDict.Items)
        {
            if (item.Key is not string key || item.Value is not TorchTensor tensor)
            {
                throw new TorchFormatException(path, $"has the entry '{item.Key}' holding {Describe(item.Value)}; a state dict maps names to tensors");
            }

            if (!seen.Add(key))
            {
                throw new TorchFormatException(path, $"sets the key '{key}' twice; a state dict names each tensor once");
            }

            entries.Add(new(key, tensor));
        }

        return new TorchStateDict(entries);
    }

    /// <summary>
    /// Writes the state dict as torch.save does (zip archive, pickle protocol 2, one little-endian storage per
    /// tensor), so that <c>torch.load(path)</c> returns an OrderedDict of the same tensors.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    public void Write(string path) => TorchArchive.Write(path, this);

    /// <summary>Names a value's Python type, with its article.</summary>
    static string Describe(object? value) => value switch
    {
        null => "None",
        PickleDict => "a dict",
        object?[] => "a tuple",
        List<object?> => "a list",
        TorchTensor => "a tensor",
        long => "an int",
        double => "a float",
        string => "a str",
        bool => "a bool",
        byte[] => "bytes",
        _ => $"a {value.GetType().Name}",
    };
}

/// <summary>The zip container of torch.save: finding data.pkl, resolving storages, writing an archive.</summary>
static class TorchArchive
{
    const string ArchiveFolder = "archive";

    /// <summary>Reads and unpickles data.pkl, loading each storage it names.</summary>
    public static object? Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        CheckSignature(path, stream);
        try
        {
            using ZipArchive zip = new(stream, ZipArchiveMode.Read);
            ZipArchiveEntry pickle = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                ?? throw new TorchFormatException(path, "is a zip archive without a '<folder>/data.pkl' record; not a torch.save file");
            string folder = pickle.FullName[..^"data.pkl".Length];
            if (zip.GetEntry(folder + "byteorder") is { } byteOrder && ReadText(byteOrder) is var order && order != "little")
            {
                throw new TorchFormatException(path, $"stores its tensors {order}-endian; CzPick reads little-endian files only (save it on an x86 or ARM machine)");
            }

            Dictionary<string, TorchStorage> storages = new(StringComparer.Ordinal);
            return PickleReader.Load(ReadAll(path, pickle), path, persistentId => LoadStorage(path, zip, folder, persistentId, storages));
        }
        catch (InvalidDataException error)
        {
            throw new TorchFormatException(path, $"is not a readable zip archive (truncated or corrupt): {error.Message}", error);
        }
        catch (EndOfStreamException error)
        {
            throw new TorchFormatException(path, "ends early: the zip archive is truncated", error);
        }
    }

    /// <summary>Writes a state dict as a torch.save zip archive.</summary>
    public static void Write(string path, TorchStateDict stateDict)
    {
        using FileStream stream = File.Create(path);
        using ZipArchive zip = new(stream, ZipArchiveMode.Create);
        List<string> keys = [.. stateDict.Entries.Select((_, index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        WriteEntry(zip, "data.pkl", PickleWriter.StateDict(stateDict, keys));
        WriteEntry(zip, "byteorder", "little"u8);
        for (int index = 0; index < keys.Count; index++)
        {
            TorchTensor tensor = stateDict.Entries[index].Value;
            WriteEntry(zip, "data/" + keys[index], ContiguousBytes(tensor));
        }

        // torch.load checks this record: version 3 is what PyTorch 1.6 and later write.
        WriteEntry(zip, "version", "3\n"u8);
    }

    static void CheckSignature(string path, FileStream stream)
    {
        Span<byte> head = stackalloc byte[4];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read == 4 && head[0] == (byte)'P' && head[1] == (byte)'K')
        {
            return;
        }

        if (read >= 2 && head[0] == 0x80 && head[1] <= 5)
        {
            throw new TorchFormatException(path,
                "is in PyTorch's legacy format (a bare pickle, written before PyTorch 1.6 or with _use_new_zipfile_serialization=False); " +
                "CzPick reads the zip format: re-save it with torch.save(torch.load(path), new_path) on PyTorch 1.6 or later");
        }

        throw new TorchFormatException(path,
            $"is not a PyTorch checkpoint: expected a zip archive starting with 'PK', found the bytes {Convert.ToHexString(head[..read])}");
    }

    static TorchStorage LoadStorage(string path, ZipArchive zip, string folder, object?[] persistentId, Dictionary<string, TorchStorage> storages)
    {
        // ('storage', torch.FloatStorage, key, location, numel): what torch.save's persistent_id writes.
        if (persistentId.Length != 5 || persistentId[0] is not "storage" || persistentId[1] is not PickleGlobal storageClass ||
            persistentId[2] is not string key || persistentId[4] is not long elementCount)
        {
            throw new TorchFormatException(path, $"data.pkl names a storage as ({string.Join(", ", persistentId)}); expected ('storage', class, key, location, numel)");
        }

        if (storages.TryGetValue(key, out TorchStorage? known))
        {
            return known;
        }

        TorchDataType dataType = TorchDataTypes.FromStorageClass(storageClass.Name)
            ?? throw new TorchFormatException(path, $"data.pkl names the unknown storage class {storageClass}");
        ZipArchiveEntry entry = zip.GetEntry($"{folder}data/{key}")
            ?? throw new TorchFormatException(path, $"lacks the record '{folder}data/{key}' of storage '{key}'");
        long expected = elementCount * dataType.ElementSize();
        if (entry.Length != expected)
        {
            throw new TorchFormatException(path, $"storage '{key}' holds {entry.Length} bytes; expected {expected} ({elementCount} × {dataType})");
        }

        TorchStorage storage = new(key, dataType, ReadAll(path, entry));
        storages.Add(key, storage);
        return storage;
    }

    static byte[] ReadAll(string path, ZipArchiveEntry entry)
    {
        if (entry.Length > Array.MaxLength)
        {
            throw new TorchFormatException(path, $"record '{entry.FullName}' is {entry.Length} bytes, more than one array can hold");
        }

        byte[] bytes = new byte[entry.Length];
        using Stream input = entry.Open();
        int read = input.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read != bytes.Length)
        {
            throw new TorchFormatException(path, $"record '{entry.FullName}' should hold {bytes.Length} bytes but could only read {read}: the file is truncated");
        }

        // System.IO.Compression does not verify the checksum of what it reads; a flipped bit would become a wrong
        // weight without it.
        uint checksum = System.IO.Hashing.Crc32.HashToUInt32(bytes);
        if (checksum != entry.Crc32)
        {
            throw new TorchFormatException(path, $"record '{entry.FullName}' has CRC-32 {checksum:x8} but the archive says {entry.Crc32:x8}: the file is corrupt");
        }

        return bytes;
    }

    static string ReadText(ZipArchiveEntry entry)
    {
        using StreamReader reader = new(entry.Open(), Encoding.ASCII);
        return reader.ReadToEnd().Trim();
    }

    static void WriteEntry(ZipArchive zip, string name, ReadOnlySpan<byte> content)
    {
        // Stored, not deflated: torch.save stores records uncompressed so that they can be memory-mapped.
        ZipArchiveEntry entry = zip.CreateEntry($"{ArchiveFolder}/{name}", CompressionLevel.NoCompression);
        entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using Stream output = entry.Open();
        output.Write(content);
    }

    static byte[] ContiguousBytes(TorchTensor tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.ToSingles().AsSpan()).ToArray();
}
