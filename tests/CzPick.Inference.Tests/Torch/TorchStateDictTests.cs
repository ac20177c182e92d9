using System.IO.Compression;
using System.Text;
using CzPick.Inference.Tests.Support;
using CzPick.Inference.Torch;

namespace CzPick.Inference.Tests.Torch;

public sealed class TorchStateDictTests
{
    [Fact]
    public void Read_MonaiTinyFixture_KeysShapesAndTypesInFileOrder()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.MonaiTiny("tiny_lightning_state_dict.pth"));

        Assert.Equal(35, stateDict.Entries.Count);
        Assert.Equal("model.model.0.conv.unit0.conv.weight", stateDict.Entries[0].Key);
        Assert.Equal([32, 1, 3, 3, 3], stateDict.Entries[0].Value.Shape);
        Assert.Equal("model.model.2.1.conv.unit0.conv.bias", stateDict.Entries[^1].Key);
        Assert.All(stateDict.Entries, entry => Assert.Equal(TorchDataType.Float32, entry.Value.DataType));
    }

    [Fact]
    public void Read_CheckpointWithMetadata_TakesStateDictEntry()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.Small("small_res0_strided_checkpoint.ckpt"));

        Assert.All(stateDict.Entries, entry => Assert.StartsWith("model.model.", entry.Key, StringComparison.Ordinal));
        // Channels (4, 8, 12) without residual units: four Convolutions of weight, bias, slope, and the conv-only top.
        Assert.Equal((4 * 3) + 2, stateDict.Entries.Count);
    }

    [Fact]
    public void WriteThenRead_Float32Tensors_SameKeysShapesValues()
    {
        using TempDirectory directory = new();
        TorchStateDict original = new([
            new("a.weight", TorchTensor.FromSingles([2, 3], [1, -2, 3.5f, float.Epsilon, -0f, 1e30f])),
            new("b", TorchTensor.FromSingles([1], [0.25f])),
            new("big", TorchTensor.FromSingles([70000], Enumerable.Range(0, 70000).Select(i => (float)i).ToArray())),
        ]);

        original.Write(directory.File("sd.pth"));
        TorchStateDict read = TorchStateDict.Read(directory.File("sd.pth"));

        Assert.Equal(original.Entries.Select(e => e.Key), read.Entries.Select(e => e.Key));
        foreach ((string key, TorchTensor tensor) in original.Entries)
        {
            Assert.Equal(tensor.Shape, read.ByKey[key].Shape);
            Assert.Equal(tensor.ToSingles(), read.ByKey[key].ToSingles());
        }
    }

    [Fact]
    public void Write_Archive_HasTorchSaveRecords()
    {
        using TempDirectory directory = new();
        new TorchStateDict([new("w", TorchTensor.FromSingles([2], [1, 2]))]).Write(directory.File("sd.pth"));

        using ZipArchive zip = ZipFile.OpenRead(directory.File("sd.pth"));

        Assert.Equal(["archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/version"], zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength));
    }

    [Fact]
    public void Read_NotAZip_SaysWhatItFound()
    {
        using TempDirectory directory = new();
        File.WriteAllText(directory.File("x.pth"), "hello world");

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("x.pth")));

        Assert.Equal($"{directory.File("x.pth")}: is not a PyTorch checkpoint: expected a zip archive starting with 'PK', found the bytes 68656C6C", error.Message);
    }

    [Fact]
    public void Read_LegacyPickleFormat_AsksToResave()
    {
        using TempDirectory directory = new();
        File.WriteAllBytes(directory.File("old.pth"), [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("old.pth")));

        Assert.Contains("legacy format", error.Message, StringComparison.Ordinal);
        Assert.Contains("re-save it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedArchive_SaysTruncatedOrCorrupt()
    {
        using TempDirectory directory = new();
        byte[] whole = File.ReadAllBytes(Fixtures.MonaiTiny("tiny_lightning_state_dict.pth"));
        File.WriteAllBytes(directory.File("cut.pth"), whole[..(whole.Length / 2)]);

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("cut.pth")));

        Assert.Contains("is not a readable zip archive (truncated or corrupt)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptCentralDirectory_SaysTruncatedOrCorrupt()
    {
        using TempDirectory directory = new();
        byte[] bytes = File.ReadAllBytes(Fixtures.Small("small_res2_half.pth"));
        int centralDirectory = bytes.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        bytes.AsSpan(centralDirectory, 64).Fill(0x55);
        File.WriteAllBytes(directory.File("bad.pth"), bytes);

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("bad.pth")));

        Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FlippedByteInStorage_SaysChecksumMismatch()
    {
        using TempDirectory directory = new();
        byte[] bytes = File.ReadAllBytes(Fixtures.MonaiTiny("tiny_lightning_state_dict.pth"));
        int storage = bytes.AsSpan().IndexOf("tiny_lightning_state_dict/data/10"u8) + "tiny_lightning_state_dict/data/10"u8.Length;
        bytes[storage + 1000] ^= 0xFF;
        File.WriteAllBytes(directory.File("flipped.pth"), bytes);

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("flipped.pth")));

        Assert.Contains("record 'tiny_lightning_state_dict/data/10' has CRC-32", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the file is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZipWithoutDataPkl_SaysNotTorchSave()
    {
        using TempDirectory directory = new();
        WriteZip(directory.File("x.pth"), ("folder/readme.txt", "hi"u8.ToArray()));

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("x.pth")));

        Assert.EndsWith("is a zip archive without a '<folder>/data.pkl' record; not a torch.save file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ForbiddenGlobal_RefusedByNameWithoutRunningIt()
    {
        // pickle.dumps(os.system, "touch pwned") with protocol 2: GLOBAL posix.system, argument tuple, REDUCE.
        using TempDirectory directory = new();
        string marker = directory.File("pwned");
        byte[] pickle = [0x80, 2, .. "cposix\nsystem\nX"u8, .. BitConverter.GetBytes(6 + marker.Length), .. Encoding.ASCII.GetBytes("touch " + marker), 0x85, (byte)'R', (byte)'.'];
        WriteZip(directory.File("evil.pth"), ("archive/data.pkl", pickle), ("archive/version", "3\n"u8.ToArray()));

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("evil.pth")));

        Assert.Contains("refers to the Python global 'posix.system'", error.Message, StringComparison.Ordinal);
        Assert.Contains("weights_only=True", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Read_MissingStorageRecord_NamesRecord()
    {
        using TempDirectory directory = new();
        WriteStateDictWithoutStorage(directory.File("x.pth"));

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("x.pth")));

        Assert.EndsWith("lacks the record 'archive/data/0' of storage '0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StorageShorterThanDeclared_SaysBothSizes()
    {
        using TempDirectory directory = new();
        WriteStateDictWithoutStorage(directory.File("x.pth"), ("archive/data/0", new byte[4]));

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("x.pth")));

        Assert.EndsWith("storage '0' holds 4 bytes; expected 8 (2 × Float32)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValueNotATensor_NamesEntry()
    {
        using TempDirectory directory = new();
        // {'lr': 7}: EMPTY_DICT, BINUNICODE 'lr', BININT1 7, SETITEM, STOP.
        byte[] pickle = [0x80, 2, (byte)'}', (byte)'X', 2, 0, 0, 0, (byte)'l', (byte)'r', (byte)'K', 7, (byte)'s', (byte)'.'];
        WriteZip(directory.File("x.pth"), ("archive/data.pkl", pickle));

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => TorchStateDict.Read(directory.File("x.pth")));

        Assert.EndsWith("has the entry 'lr' holding an int; a state dict maps names to tensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        using TempDirectory directory = new();

        Assert.Throws<FileNotFoundException>(() => TorchStateDict.Read(directory.File("missing.pth")));
    }

    /// <summary>A state dict {'w': float32 tensor of 2 elements in storage '0'}, with the given extra records.</summary>
    static void WriteStateDictWithoutStorage(string path, params (string Name, byte[] Content)[] records)
    {
        using TempDirectory scratch = new();
        new TorchStateDict([new("w", TorchTensor.FromSingles([2], [1, 2]))]).Write(scratch.File("sd.pth"));
        using ZipArchive source = ZipFile.OpenRead(scratch.File("sd.pth"));
        byte[] pickle = new byte[source.GetEntry("archive/data.pkl")!.Length];
        using (Stream stream = source.GetEntry("archive/data.pkl")!.Open())
        {
            stream.ReadExactly(pickle);
        }

        WriteZip(path, [("archive/data.pkl", pickle), ("archive/version", "3\n"u8.ToArray()), .. records]);
    }

    static void WriteZip(string path, params (string Name, byte[] Content)[] records)
    {
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach ((string name, byte[] content) in records)
        {
            using Stream stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }
    }
}
