using CzPick.Core.Geometry;

namespace CzPick.Core.Blending;

/// <summary>
/// How a block is predicted window by window and blended, as MONAI's <c>SlidingWindowInferer(mode="gaussian",
/// padding_mode="reflect")</c> does it. The defaults are the seed model's.
/// </summary>
public sealed record BlendOptions
{
    /// <summary>The seed model's window, 160 × 384 × 384 (z, y, x).</summary>
    public static readonly Shape3 SeedWindow = new(160, 384, 384);

    /// <summary>Gets the window (MONAI's roi_size), rounded up to <see cref="SizeMultiple"/> on every axis.</summary>
    public Shape3 Window { get; init; } = SeedWindow;

    /// <summary>Gets the fraction by which neighbouring windows overlap, 0 ≤ overlap &lt; 1 (MONAI's overlap).</summary>
    public double Overlap { get; init; } = 0.25;

    /// <summary>Gets the Gaussian's standard deviation as a fraction of the window's extent (MONAI's sigma_scale).</summary>
    public double SigmaScale { get; init; } = 0.125;

    /// <summary>
    /// Gets the multiple every window extent must be: the seed's UNets halve the resolution twice, so 4.
    /// </summary>
    public int SizeMultiple { get; init; } = 4;

    /// <summary>Gets the window actually used: <see cref="Window"/> rounded up to <see cref="SizeMultiple"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Shape3 EffectiveWindow
    {
        get
        {
            this.Validate();
            return new Shape3(this.RoundUp(this.Window.Z), this.RoundUp(this.Window.Y), this.RoundUp(this.Window.X));
        }
    }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message says which and why.</exception>
    public void Validate()
    {
        if (!this.Window.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Window), $"The window must be positive on every axis, not {this.Window}.");
        }

        if (!(this.Overlap >= 0 && this.Overlap < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(this.Overlap), $"The overlap must be in [0, 1), not {this.Overlap}.");
        }

        if (!(this.SigmaScale > 0) || double.IsInfinity(this.SigmaScale))
        {
            throw new ArgumentOutOfRangeException(nameof(this.SigmaScale), $"The sigma scale must be a positive number, not {this.SigmaScale}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.SizeMultiple, nameof(this.SizeMultiple));
    }

    int RoundUp(int extent) => checked((extent + this.SizeMultiple - 1) / this.SizeMultiple * this.SizeMultiple);
}
