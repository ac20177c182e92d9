using CzPick.Core.Geometry;

namespace CzPick.Core.Blending;

/// <summary>
/// The weight of each voxel of a window when overlapping windows are blended: MONAI's
/// <c>compute_importance_map(mode="gaussian")</c>, computed once per window shape.
/// </summary>
public sealed class ImportanceMap
{
    /// <summary>MONAI's smallest weight: no voxel weighs less, so the final division never meets zero.</summary>
    public const float MinimumWeight = 1e-3f;

    ImportanceMap(Shape3 shape, float[] weights, float floor)
    {
        this.Shape = shape;
        this.Weights = weights;
        this.Floor = floor;
    }

    /// <summary>Gets the window's shape.</summary>
    public Shape3 Shape { get; }

    /// <summary>Gets the weights in C order, Shape.VoxelCount long.</summary>
    public float[] Weights { get; }

    /// <summary>Gets the value below which every weight was raised: max(smallest product, 1e-3).</summary>
    public float Floor { get; }

    /// <summary>
    /// Computes the Gaussian map as MONAI does, in float32: per axis exp(−x² / (2σ²)) at x = i − (size − 1) / 2 with
    /// σ = sigmaScale × size (peak 1 at the centre, not normalized), the product over axes taken z then y then x,
    /// then every value raised to max(smallest value, 1e-3).
    /// </summary>
    /// <param name="shape">The window's shape.</param>
    /// <param name="sigmaScale">σ as a fraction of each extent (MONAI's default 0.125).</param>
    /// <returns>The map.</returns>
    public static ImportanceMap Gaussian(Shape3 shape, double sigmaScale)
    {
        if (!shape.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"A window must be positive on every axis, not {shape}.");
        }

        float[] gz = Gaussian1D(shape.Z, sigmaScale);
        float[] gy = Gaussian1D(shape.Y, sigmaScale);
        float[] gx = Gaussian1D(shape.X, sigmaScale);

        // Every factor is positive and largest at the centre, and float multiplication is monotonic, so the smallest
        // product is the product of the three end values.
        float smallest = gz[0] * gy[0] * gx[0];
        float floor = (float)Math.Max(smallest, MinimumWeight);
        float[] weights = new float[checked((int)shape.VoxelCount)];
        int index = 0;
        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                float zy = gz[z] * gy[y];
                for (int x = 0; x < shape.X; x++)
                {
                    weights[index++] = Math.Max(zy * gx[x], floor);
                }
            }
        }

        return new ImportanceMap(shape, weights, floor);
    }

    /// <summary>One axis of the map, exactly as MONAI builds it with torch.arange and torch.exp in float32.</summary>
    /// <param name="size">The extent.</param>
    /// <param name="sigmaScale">σ as a fraction of the extent.</param>
    /// <returns>size values.</returns>
    internal static float[] Gaussian1D(int size, double sigmaScale)
    {
        double sigma = size * sigmaScale;
        float denominator = (float)(-2 * sigma * sigma);
        float[] values = new float[size];
        float start = -(size - 1) / 2f;
        for (int i = 0; i < size; i++)
        {
            float x = start + i;
            values[i] = MathF.Exp(x * x / denominator);
        }

        return values;
    }
}
