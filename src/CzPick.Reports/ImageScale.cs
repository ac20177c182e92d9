namespace CzPick.Reports;

/// <summary>
/// How voxels become pixels: small slices are enlarged by a whole factor (each voxel a block of pixels, so that
/// circles can be drawn finer than a voxel), large ones binned by a whole factor (averaging blocks of voxels).
/// </summary>
/// <param name="Up">Pixels per voxel along each axis, 1 or more.</param>
/// <param name="Down">Voxels per pixel along each axis, 1 or more; one of the two is 1.</param>
readonly record struct ImageScale(int Up, int Down)
{
    /// <summary>Gets the pixels per voxel, Up / Down.</summary>
    public double PixelsPerVoxel => (double)this.Up / this.Down;

    /// <summary>Chooses the scale that brings a slice's longest side between two sizes, or as close as whole factors allow.</summary>
    /// <param name="longestSide">The slice's longest side in voxels.</param>
    /// <param name="minimumPixels">Enlarge sides shorter than this.</param>
    /// <param name="maximumPixels">Bin sides longer than this.</param>
    /// <returns>The scale.</returns>
    public static ImageScale For(int longestSide, int minimumPixels, int maximumPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(longestSide);
        if (longestSide > maximumPixels)
        {
            return new ImageScale(1, (longestSide + maximumPixels - 1) / maximumPixels);
        }

        return new ImageScale(Math.Max(1, minimumPixels / longestSide), 1);
    }

    /// <summary>Returns the number of pixels that show a number of voxels.</summary>
    /// <param name="voxels">The voxels along one axis.</param>
    /// <returns>voxels × Up, or voxels / Down rounded up (a last partial block becomes a pixel).</returns>
    public int Pixels(int voxels) => this.Down > 1 ? (voxels + this.Down - 1) / this.Down : voxels * this.Up;

    /// <summary>Maps a voxel coordinate (voxel centres at whole numbers) to a pixel coordinate (pixel centres at halves).</summary>
    /// <param name="voxel">The coordinate in voxels.</param>
    /// <returns>The coordinate in pixels.</returns>
    public double ToPixel(double voxel) => (voxel + 0.5) * this.PixelsPerVoxel;
}
