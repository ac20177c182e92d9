using CzPick.Core.Geometry;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Picking;

public sealed class WatershedTests
{
    [Fact]
    public void Flood_FlatLine_SplitLikeScikitImage()
    {
        // skimage.segmentation.watershed(zeros((1, 1, 5)), markers at 0 and 4) gives [1 1 1 2 2]: the first marker
        // leaves the queue first, so its neighbours enter first and the middle voxel is its.
        int[] distance = [1, 1, 1, 1, 1];
        int[] labels = new int[5];

        Watershed.Flood(distance, new Shape3(1, 1, 5), [(0, 1), (4, 2)], labels);

        Assert.Equal([1, 1, 1, 2, 2], labels);
    }

    [Fact]
    public void Flood_TwoBasins_HigherMarkerFloodsFirstLikeScikitImage()
    {
        // skimage: watershed(−[1, 2, 3, 2, 1, 1, 2, 1], markers at 2 and 6) gives [1 1 1 1 1 2 2 2].
        int[] distance = [1, 4, 9, 4, 1, 1, 4, 1];
        int[] labels = new int[8];

        Watershed.Flood(distance, new Shape3(1, 1, 8), [(2, 1), (6, 2)], labels);

        Assert.Equal([1, 1, 1, 1, 1, 2, 2, 2], labels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Flood_RandomMaps_SameAsPriorityQueueByDistanceThenAge(int seed)
    {
        Shape3 shape = new(6, 9, 11);
        Random random = new(seed);
        int[] distance = [.. Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => random.NextDouble() < 0.2 ? 0 : random.Next(1, 6))];
        List<(int, int)> markers = [];
        for (int label = 1; label <= 5; label++)
        {
            int index = random.Next(distance.Length);
            if (distance[index] != 0 && !markers.Exists(m => m.Item1 == index))
            {
                markers.Add((index, label));
            }
        }

        int[] labels = new int[distance.Length];
        Watershed.Flood(distance, shape, markers, labels);

        Assert.Equal(Reference(distance, shape, markers), labels);
    }

    /// <summary>skimage's algorithm written directly: a heap ordered by (−distance, age), labels given on push.</summary>
    static int[] Reference(int[] distance, Shape3 shape, List<(int Index, int Label)> markers)
    {
        int[] labels = new int[distance.Length];
        PriorityQueue<int, (int, long)> queue = new();
        long age = 0;
        foreach ((int index, int label) in markers)
        {
            labels[index] = label;
            queue.Enqueue(index, (-distance[index], age++));
        }

        while (queue.TryDequeue(out int index, out _))
        {
            (int z, int rest) = Math.DivRem(index, (int)shape.SectionVoxelCount);
            (int y, int x) = Math.DivRem(rest, shape.X);
            (int Dz, int Dy, int Dx)[] order = [(0, 0, -1), (0, -1, 0), (-1, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)];
            foreach ((int dz, int dy, int dx) in order)
            {
                int nz = z + dz, ny = y + dy, nx = x + dx;
                if (nz < 0 || ny < 0 || nx < 0 || nz >= shape.Z || ny >= shape.Y || nx >= shape.X)
                {
                    continue;
                }

                int n = (int)shape.IndexOf(nz, ny, nx);
                if (distance[n] != 0 && labels[n] == 0)
                {
                    labels[n] = labels[index];
                    queue.Enqueue(n, (-distance[n], age++));
                }
            }
        }

        return labels;
    }
}
