using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes.Zarr;

public sealed class ZarrMetadataReaderTests
{
    [Fact]
    public async Task ReadAsync_ConsolidatedStore_ServesEveryDocument()
    {
        ZarrMetadataReader reader = await ZarrMetadataReader.OpenAsync(new DirectoryZarrStore(ZarrFixtures.Path("TS_consolidated.zarr")), CancellationToken.None);

        Assert.True(reader.IsConsolidated);
        Assert.NotNull(await reader.ReadAsync(".zattrs", CancellationToken.None));
        Assert.Equal(2, (await reader.ReadAsync("2/.zarray", CancellationToken.None))!.Value.GetProperty("zarr_format").GetInt32());
        Assert.Null(await reader.ReadAsync("3/.zarray", CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_InvalidJson_NamesTheKey()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("TS_demo.zarr", scratch);
        File.WriteAllText(Path.Combine(store, "0", ".zarray"), "{\"zarr_format\": 2,");
        ZarrMetadataReader reader = await ZarrMetadataReader.OpenAsync(new DirectoryZarrStore(store), CancellationToken.None);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => reader.ReadAsync("0/.zarray", CancellationToken.None).AsTask());

        Assert.StartsWith($"{store}/0/.zarray: not valid JSON (", error.Message);
    }

    [Fact]
    public async Task OpenAsync_ZmetadataWithoutMetadata_SaysLayoutExpected()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("TS_consolidated.zarr", scratch);
        File.WriteAllText(Path.Combine(store, ".zmetadata"), "{\"zarr_consolidated_format\": 1}");

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ZarrMetadataReader.OpenAsync(new DirectoryZarrStore(store), CancellationToken.None));

        Assert.Equal($"{store}/.zmetadata: consolidated metadata has no \"metadata\" object; expected zarr-python's consolidate_metadata layout.", error.Message);
    }
}
