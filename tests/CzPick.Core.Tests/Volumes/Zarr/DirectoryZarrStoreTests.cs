using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes.Zarr;

public sealed class DirectoryZarrStoreTests
{
    [Fact]
    public async Task ReadAsync_ExistingKey_FileBytes()
    {
        DirectoryZarrStore store = new(ZarrFixtures.Path("TS_nested.zarr"));

        byte[]? bytes = await store.ReadAsync("0/1/1/1");

        Assert.Equal(File.ReadAllBytes(ZarrFixtures.Path(Path.Combine("TS_nested.zarr", "0", "1", "1", "1"))), bytes);
    }

    [Theory]
    [InlineData("0/9.9.9")]
    [InlineData("nowhere/.zarray")]
    public async Task ReadAsync_MissingKey_Null(string key)
    {
        DirectoryZarrStore store = new(ZarrFixtures.Path("TS_demo.zarr"));

        Assert.Null(await store.ReadAsync(key));
    }

    [Theory]
    [InlineData("../TS_demo.mrc")]
    [InlineData("0//.zarray")]
    public async Task ReadAsync_KeyLeavingTheStore_Throws(string key)
    {
        DirectoryZarrStore store = new(ZarrFixtures.Path("TS_demo.zarr"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadAsync(key).AsTask());
    }

    [Fact]
    public void Ctor_MissingFolder_Throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new DirectoryZarrStore(ZarrFixtures.Path("absent.zarr")));
    }

    [Fact]
    public void Location_TrailingSeparator_Trimmed()
    {
        DirectoryZarrStore store = new(ZarrFixtures.Path("TS_demo.zarr") + "/");

        Assert.Equal(ZarrFixtures.Path("TS_demo.zarr"), store.Location);
    }
}
