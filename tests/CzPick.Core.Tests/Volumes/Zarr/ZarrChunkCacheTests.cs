using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes.Zarr;

public sealed class ZarrChunkCacheTests
{
    [Fact]
    public void Add_BeyondTheBudget_EvictsTheLeastRecentlyUsed()
    {
        ZarrChunkCache cache = new(capacityBytes: 250);
        cache.Add("a", new byte[100]);
        cache.Add("b", new byte[100]);
        Assert.True(cache.TryGet("a", out _));

        cache.Add("c", new byte[100]);

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(200, cache.UsedBytes);
    }

    [Fact]
    public void Add_MissingChunk_RemembersItAsNull()
    {
        ZarrChunkCache cache = new(capacityBytes: 10);

        cache.Add("gone", null);

        Assert.True(cache.TryGet("gone", out byte[]? bytes));
        Assert.Null(bytes);
    }

    [Fact]
    public void Add_ChunkLargerThanTheBudget_NotKept()
    {
        ZarrChunkCache cache = new(capacityBytes: 10);

        cache.Add("big", new byte[11]);

        Assert.False(cache.TryGet("big", out _));
        Assert.Equal(0, cache.UsedBytes);
    }
}
