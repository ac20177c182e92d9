using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Ports;

/// <summary>What the store knows about a blob without reading it.</summary>
/// <param name="Path">The blob.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="ETag">Its current version, quoted as the service returns it.</param>
public sealed record StoredBlob(BlobPath Path, long Length, string ETag);
