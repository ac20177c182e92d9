using System.Text.Json;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes.Zarr;

public sealed class ZarrArrayMetadataTests
{
    const string Zarray = """
        {"zarr_format": 2, "shape": [184, 630, 630], "chunks": [256, 256, 256], "dtype": "<f4", "order": "C",
         "compressor": {"id": "blosc", "cname": "zstd", "clevel": 5, "shuffle": 2, "blocksize": 0},
         "fill_value": 0, "filters": null, "dimension_separator": "/"}
        """;

    [Fact]
    public void Parse_PortalArray_GridKeysAndSizes()
    {
        ZarrArrayMetadata metadata = Parse(Zarray);

        Assert.Equal(new Shape3(184, 630, 630), metadata.Shape);
        Assert.Equal(new Shape3(1, 3, 3), metadata.ChunkGrid);
        Assert.Equal(256 * 256 * 256 * 4, metadata.ChunkByteCount);
        Assert.Equal("0/2/1", metadata.ChunkKey(new Index3(0, 2, 1)));
        Assert.Equal("blosc zstd, bit shuffle", metadata.Compressor!.Description);
    }

    [Fact]
    public void Parse_NoSeparator_DotKeys()
    {
        ZarrArrayMetadata metadata = Parse(Zarray.Replace(", \"dimension_separator\": \"/\"", string.Empty, StringComparison.Ordinal));

        Assert.Equal("0.2.1", metadata.ChunkKey(new Index3(0, 2, 1)));
    }

    [Fact]
    public void Parse_MissingField_NamesIt()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => Parse(Zarray.Replace("\"dtype\": \"<f4\", ", string.Empty, StringComparison.Ordinal)));

        Assert.Equal("the required field \"dtype\" is missing.", error.Message);
    }

    [Fact]
    public void Parse_ZeroChunkExtent_Throws()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => Parse(Zarray.Replace("[256, 256, 256]", "[256, 0, 256]", StringComparison.Ordinal)));

        Assert.Equal("\"chunks\" is [256, 0, 256]; expected three positive integers.", error.Message);
    }

    static ZarrArrayMetadata Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return ZarrArrayMetadata.Parse(document.RootElement);
    }
}
