namespace CzPick.Core.Volumes.Zarr.Blosc;

/// <summary>
/// Decodes BloscLZ, Blosc's own LZ77 codec (c-blosc's blosclz.c). No .NET library implements it, hence this one.
/// </summary>
/// <remarks>
/// A stream is a sequence of tokens, each led by a control byte. Below 32 it is a literal run of (control + 1)
/// bytes. Otherwise its top three bits give the match length (3 + (bits − 1), with extension bytes summed while they
/// are 255 when the bits are all set), its low five bits the high byte of the distance, and the next byte the low
/// byte; a low byte of 255 with high bits 31 announces a 16-bit far distance beyond 8191. The first control byte
/// carries a marker in its top three bits and is always a literal.
/// </remarks>
static class BloscLz
{
    /// <summary>The largest distance of a near match; far matches start past it.</summary>
    const int MaxNearDistance = 8191;

    /// <summary>Decodes one stream into a destination that must be filled exactly.</summary>
    /// <param name="source">The compressed stream.</param>
    /// <param name="destination">Receives the decoded bytes.</param>
    /// <returns>The number of bytes decoded; less than the destination's length when the stream is malformed.</returns>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            return 0;
        }

        int ip = 0;
        int op = 0;
        int control = source[ip++] & 31;
        while (true)
        {
            if (control < 32)
            {
                int run = control + 1;
                if (op + run > destination.Length || ip + run > source.Length)
                {
                    return op;
                }

                source.Slice(ip, run).CopyTo(destination.Slice(op, run));
                op += run;
                ip += run;
                if (ip >= source.Length)
                {
                    return op;
                }

                control = source[ip++];
                continue;
            }

            int length = (control >> 5) - 1;
            int distanceHigh = (control & 31) << 8;
            if (length == 6)
            {
                int extension;
                do
                {
                    if (ip + 1 >= source.Length)
                    {
                        return op;
                    }

                    extension = source[ip++];
                    length += extension;
                }
                while (extension == 255);
            }
            else if (ip + 1 >= source.Length)
            {
                return op;
            }

            int distanceLow = source[ip++];
            length += 3;
            int distance = distanceHigh + distanceLow + 1;
            if (distanceLow == 255 && distanceHigh == 31 << 8)
            {
                if (ip + 1 >= source.Length)
                {
                    return op;
                }

                distance = (source[ip] << 8) + source[ip + 1] + MaxNearDistance + 1;
                ip += 2;
            }

            if (op + length > destination.Length || distance > op)
            {
                return op;
            }

            // c-blosc ends the stream before copying a match that is its last token: encoders always finish with a
            // literal run, so such a stream is malformed and must come out short, as it does there.
            if (ip >= source.Length)
            {
                return op;
            }

            control = source[ip++];
            CopyMatch(destination, op, distance, length);
            op += length;
        }
    }

    /// <summary>Copies a match that may overlap its own output: a distance below the length repeats a pattern.</summary>
    static void CopyMatch(Span<byte> buffer, int position, int distance, int length)
    {
        int from = position - distance;
        if (distance >= length)
        {
            buffer.Slice(from, length).CopyTo(buffer.Slice(position, length));
        }
        else if (distance == 1)
        {
            buffer.Slice(position, length).Fill(buffer[from]);
        }
        else
        {
            // Each step copies one period of the pattern from bytes that already exist.
            for (int done = 0; done < length; done += distance)
            {
                int step = Math.Min(distance, length - done);
                buffer.Slice(from + done, step).CopyTo(buffer.Slice(position + done, step));
            }
        }
    }
}
