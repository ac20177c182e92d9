using System.IO.Compression;

namespace CzPick.Core.Volumes.Zarr.Codecs;

/// <summary>Inflates a zlib or gzip stream held in memory into a span, without copying the input.</summary>
static class DeflateDecoder
{
    /// <summary>The wrapper around the deflate data.</summary>
    public enum Framing
    {
        /// <summary>RFC 1950, what zlib's compress() writes (numcodecs <c>zlib</c>, Blosc's zlib streams).</summary>
        Zlib,

        /// <summary>RFC 1952, what numcodecs <c>gzip</c> writes.</summary>
        Gzip,
    }

    /// <summary>Inflates a stream that must fill the output exactly.</summary>
    /// <param name="stream">The compressed bytes.</param>
    /// <param name="output">Receives the inflated bytes.</param>
    /// <param name="framing">The stream's wrapper.</param>
    /// <returns>The number of bytes inflated; −1 when the stream is corrupt or holds more than the output.</returns>
    public static unsafe int Decode(ReadOnlySpan<byte> stream, Span<byte> output, Framing framing)
    {
        fixed (byte* input = stream)
        {
            using UnmanagedMemoryStream compressed = new(input, stream.Length);
            using Stream inflater = framing == Framing.Zlib
                ? new ZLibStream(compressed, CompressionMode.Decompress)
                : new GZipStream(compressed, CompressionMode.Decompress);
            try
            {
                int read = inflater.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
                Span<byte> extra = stackalloc byte[1];
                return read == output.Length && inflater.Read(extra) > 0 ? -1 : read;
            }
            catch (InvalidDataException)
            {
                return -1;
            }
        }
    }
}
