using CzPick.Core.Geometry;

namespace CzPick.Core.Phantoms;

/// <summary>
/// The phantom's blurs, split in two so that the noise can be band-limited less than the signal (its grain finer
/// than the resolution, as in a reconstruction) while the whole volume is blurred in place: the signal is blurred by
/// <see cref="BeforeNoise"/>, the noise is added, and both are blurred by <see cref="AfterNoise"/>. Gaussians compose,
/// σ² adding, so the signal ends up blurred by exactly the requested σ and the noise by the noise's σ.
/// </summary>
sealed class PhantomBlur
{
    /// <summary>Initializes a new instance of the <see cref="PhantomBlur"/> class.</summary>
    /// <param name="options">The phantom's options, already validated.</param>
    public PhantomBlur(PhantomOptions options)
    {
        double voxel = options.VoxelSpacingAngstrom;
        this.BeforeNoise = new KernelSet(
            SeparableGaussianBlur.Kernel(Remainder(options.BlurSigmaZAngstrom, options.NoiseSigmaZAngstrom) / voxel),
            SeparableGaussianBlur.Kernel(Remainder(options.BlurSigmaXyAngstrom, options.NoiseSigmaXyAngstrom) / voxel));
        this.AfterNoise = new KernelSet(
            SeparableGaussianBlur.Kernel(options.NoiseSigmaZAngstrom / voxel),
            SeparableGaussianBlur.Kernel(options.NoiseSigmaXyAngstrom / voxel));
    }

    /// <summary>Gets the kernels applied to the signal alone.</summary>
    public KernelSet BeforeNoise { get; }

    /// <summary>Gets the kernels applied to signal and noise together: the noise's band limit.</summary>
    public KernelSet AfterNoise { get; }

    /// <summary>Gets the factor by which the blur scales the variance of white noise added between the two.</summary>
    public double NoiseVarianceGain =>
        SeparableGaussianBlur.NoiseVarianceGain(this.AfterNoise.Z) *
        SeparableGaussianBlur.NoiseVarianceGain(this.AfterNoise.Xy) *
        SeparableGaussianBlur.NoiseVarianceGain(this.AfterNoise.Xy);

    /// <summary>Blurs a noise-free volume by the whole signal blur.</summary>
    /// <param name="voxels">The voxels in C order.</param>
    /// <param name="shape">The volume's shape.</param>
    /// <param name="parallel">How many threads may work, and cancellation.</param>
    public void ApplyAll(float[] voxels, Shape3 shape, ParallelOptions parallel)
    {
        this.BeforeNoise.Apply(voxels, shape, parallel);
        this.AfterNoise.Apply(voxels, shape, parallel);
    }

    /// <summary>The σ still to apply after a first Gaussian blur of σ <paramref name="done"/>: √(total² − done²).</summary>
    static double Remainder(double total, double done) => Math.Sqrt(Math.Max(0, (total * total) - (done * done)));

    /// <summary>One blur: a kernel along z and the same kernel along y and x.</summary>
    /// <param name="Z">The kernel along z.</param>
    /// <param name="Xy">The kernel along y and along x.</param>
    internal sealed record KernelSet(float[] Z, float[] Xy)
    {
        /// <summary>Blurs a volume in place.</summary>
        /// <param name="voxels">The voxels in C order.</param>
        /// <param name="shape">The volume's shape.</param>
        /// <param name="parallel">How many threads may work, and cancellation.</param>
        public void Apply(float[] voxels, Shape3 shape, ParallelOptions parallel) =>
            SeparableGaussianBlur.Apply(voxels, shape, this.Z, this.Xy, this.Xy, parallel);

        /// <summary>Gets the largest kernel radius, in voxels.</summary>
        public int Radius => Math.Max(this.Z.Length, this.Xy.Length) / 2;
    }
}
