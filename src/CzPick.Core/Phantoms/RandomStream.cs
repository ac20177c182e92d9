namespace CzPick.Core.Phantoms;

/// <summary>
/// A xoshiro256** generator seeded through SplitMix64. Phantoms draw from several independent streams (placement,
/// one per noise section, …) keyed by (seed, stream, index), so that a section's noise does not depend on which
/// thread renders it or in which order, and the output is the same bit for bit on every run and thread count.
/// Only integer arithmetic feeds the draws, so streams are the same on every platform too.
/// </summary>
struct RandomStream
{
    /// <summary>One over the standard deviation of the sum of four uniform 16-bit integers, 1 / √(4 × (65536² − 1) / 12).</summary>
    const float InverseFourLaneStandardDeviation = (float)(1 / 37837.22692996025);

    ulong s0;
    ulong s1;
    ulong s2;
    ulong s3;

    /// <summary>Initializes a new instance of the <see cref="RandomStream"/> struct for one stream of a seed.</summary>
    /// <param name="seed">The phantom's seed.</param>
    /// <param name="stream">Which stream: a constant per purpose.</param>
    /// <param name="index">The index within the stream, e.g. the section for noise.</param>
    public RandomStream(long seed, ulong stream, ulong index)
    {
        ulong state = unchecked((ulong)seed);
        state = SplitMix(ref state) ^ stream;
        state = SplitMix(ref state) ^ index;
        this.s0 = SplitMix(ref state);
        this.s1 = SplitMix(ref state);
        this.s2 = SplitMix(ref state);
        this.s3 = SplitMix(ref state);
    }

    /// <summary>Returns the next 64 random bits.</summary>
    /// <returns>A uniformly distributed 64-bit integer.</returns>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(this.s1 * 5, 7) * 9;
        ulong t = this.s1 << 17;
        this.s2 ^= this.s0;
        this.s3 ^= this.s1;
        this.s1 ^= this.s2;
        this.s0 ^= this.s3;
        this.s2 ^= t;
        this.s3 = ulong.RotateLeft(this.s3, 45);
        return result;
    }

    /// <summary>Returns a uniform double in [0, 1) with 53 random bits.</summary>
    /// <returns>The value.</returns>
    public double NextDouble() => (this.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniform double in [min, max).</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The bound, not reached.</param>
    /// <returns>The value.</returns>
    public double NextDouble(double min, double max) => min + (this.NextDouble() * (max - min));

    /// <summary>Returns a uniform integer in [0, count).</summary>
    /// <param name="count">The number of possible values; positive.</param>
    /// <returns>The value.</returns>
    public int NextInt(int count) => (int)((this.NextUInt64() >> 32) * (ulong)count >> 32);

    /// <summary>
    /// Returns a zero-mean, unit-variance value from the sum of four uniform 16-bit integers (Irwin–Hall, n = 4):
    /// one 64-bit draw per voxel and no transcendental function. The band-limiting blur sums dozens of such values
    /// per output voxel, so the noise the user sees is Gaussian to the eye and to any test of its variance.
    /// </summary>
    /// <returns>The value, within ±3.47.</returns>
    public float NextNoise()
    {
        ulong bits = this.NextUInt64();
        long sum = (long)(bits & 0xFFFF) + (long)((bits >> 16) & 0xFFFF) + (long)((bits >> 32) & 0xFFFF) + (long)(bits >> 48);
        return (sum - (2 * 65535L)) * InverseFourLaneStandardDeviation;
    }

    /// <summary>Adds <see cref="NextNoise"/> × <paramref name="scale"/> to every value, in order.</summary>
    /// <param name="values">The values.</param>
    /// <param name="scale">The noise's standard deviation.</param>
    public void AddNoise(Span<float> values, float scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += scale * this.NextNoise();
        }
    }

    static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
