namespace CzPick.Core.Volumes.Zarr;

/// <summary>
/// The stored bytes of recently read chunks, least recently used first out once a byte budget is spent. Stored bytes,
/// not decoded ones: fetching is what costs on blob storage, and a decode of only the needed blocks is cheap.
/// </summary>
/// <param name="capacityBytes">The most bytes kept; a chunk larger than that is never kept.</param>
sealed class ZarrChunkCache(long capacityBytes)
{
    readonly Dictionary<string, LinkedListNode<(string Key, byte[]? Bytes)>> entries = new(StringComparer.Ordinal);
    readonly LinkedList<(string Key, byte[]? Bytes)> recency = new();
    readonly Lock gate = new();
    long usedBytes;

    /// <summary>Gets the bytes held now.</summary>
    public long UsedBytes
    {
        get
        {
            lock (this.gate)
            {
                return this.usedBytes;
            }
        }
    }

    /// <summary>Looks a chunk up, marking it most recently used.</summary>
    /// <param name="key">The chunk's store key.</param>
    /// <param name="bytes">The stored bytes; null for a chunk known to be missing.</param>
    /// <returns>True when the chunk was cached.</returns>
    public bool TryGet(string key, out byte[]? bytes)
    {
        lock (this.gate)
        {
            if (this.entries.TryGetValue(key, out LinkedListNode<(string Key, byte[]? Bytes)>? node))
            {
                this.recency.Remove(node);
                this.recency.AddFirst(node);
                bytes = node.Value.Bytes;
                return true;
            }
        }

        bytes = null;
        return false;
    }

    /// <summary>Keeps a chunk, evicting the least recently used ones beyond the budget.</summary>
    /// <param name="key">The chunk's store key.</param>
    /// <param name="bytes">The stored bytes; null records that the chunk is missing.</param>
    public void Add(string key, byte[]? bytes)
    {
        long size = bytes?.LongLength ?? 0;
        if (size > capacityBytes || capacityBytes <= 0)
        {
            return;
        }

        lock (this.gate)
        {
            if (this.entries.ContainsKey(key))
            {
                return;
            }

            this.entries[key] = this.recency.AddFirst((key, bytes));
            this.usedBytes += size;
            while (this.usedBytes > capacityBytes)
            {
                LinkedListNode<(string Key, byte[]? Bytes)> oldest = this.recency.Last!;
                this.recency.RemoveLast();
                this.entries.Remove(oldest.Value.Key);
                this.usedBytes -= oldest.Value.Bytes?.LongLength ?? 0;
            }
        }
    }
}
