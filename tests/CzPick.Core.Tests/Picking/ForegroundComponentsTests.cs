using CzPick.Core.Geometry;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Picking;

public sealed class ForegroundComponentsTests
{
    [Theory]
    [InlineData(1, 0.2, 70)]
    [InlineData(2, 0.35, 70)]
    [InlineData(3, 0.5, 130)]
    public void Find_RandomMasks_SameComponentsAsFloodFill(int seed, double foreground, int width)
    {
        // Rows longer than 64 voxels exercise the vector scan and its carry across 64-voxel words.
        Shape3 shape = new(6, 7, width);
        Random random = new(seed);
        float[] values = [.. Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => random.NextDouble() < foreground ? 0.9f : 0.05f)];

        ForegroundComponents found = ForegroundComponents.Find(Mask(values, shape, 0.1f));

        int[] expected = FloodFill26(values, shape);
        int[] labelled = new int[values.Length];
        for (int c = 0; c < found.Components.Length; c++)
        {
            foreach (Run run in found.RunsOf(c))
            {
                for (int x = run.Start; x < run.End; x++)
                {
                    labelled[(run.Row * shape.X) + x] = c + 1;
                }
            }
        }

        // Same partition, and components numbered in raster order of their first voxel, as flood filling numbers them.
        Assert.Equal(expected, labelled);
        Assert.Equal(expected.Max(), found.Components.Length);
        for (int c = 0; c < found.Components.Length; c++)
        {
            Assert.Equal(expected.Count(l => l == c + 1), found.Components[c].VoxelCount);
        }
    }

    [Fact]
    public void Find_DiagonalNeighbours_OneComponent()
    {
        // Voxels touching only at a corner, across sections and rows, are one component with full connectivity.
        Shape3 shape = new(2, 2, 2);
        float[] values = new float[8];
        values[shape.IndexOf(0, 0, 0)] = 1;
        values[shape.IndexOf(1, 1, 1)] = 1;

        ForegroundComponents found = ForegroundComponents.Find(Mask(values, shape, 0.5f));

        Component component = Assert.Single(found.Components);
        Assert.Equal(2, component.VoxelCount);
        Assert.Equal(Box3.Whole(shape), component.Box);
    }

    [Fact]
    public void Find_NaNAndThresholdItself_AreBackground()
    {
        float[] values = [float.NaN, 0.5f, 0.50001f];

        ForegroundComponents found = ForegroundComponents.Find(Mask(values, new Shape3(1, 1, 3), 0.5f));

        Run run = Assert.Single(found.RunsByComponent);
        Assert.Equal((2, 3), (run.Start, run.End));
    }

    static ForegroundMask Mask(float[] values, Shape3 shape, float threshold)
    {
        ForegroundMask mask = new();
        mask.Threshold(values, 0, shape, threshold);
        return mask;
    }

    static int[] FloodFill26(float[] values, Shape3 shape)
    {
        int[] labels = new int[values.Length];
        int next = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] <= 0.1f || labels[i] != 0)
            {
                continue;
            }

            labels[i] = ++next;
            Stack<int> pending = new([i]);
            while (pending.TryPop(out int at))
            {
                (int z, int rest) = Math.DivRem(at, (int)shape.SectionVoxelCount);
                (int y, int x) = Math.DivRem(rest, shape.X);
                for (int dz = -1; dz <= 1; dz++)
                {
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int nz = z + dz, ny = y + dy, nx = x + dx;
                            if (nz < 0 || ny < 0 || nx < 0 || nz >= shape.Z || ny >= shape.Y || nx >= shape.X)
                            {
                                continue;
                            }

                            int n = (int)shape.IndexOf(nz, ny, nx);
                            if (values[n] > 0.1f && labels[n] == 0)
                            {
                                labels[n] = next;
                                pending.Push(n);
                            }
                        }
                    }
                }
            }
        }

        return labels;
    }
}
