using CzPick.Core.Geometry;

namespace CzPick.Core.Picking;

/// <summary>
/// Marker-based watershed of −distance inside a mask, with skimage's <c>segmentation.watershed</c> semantics (no
/// compactness, no watershed line, face connectivity): voxels leave a priority queue by (−distance, then time of
/// entry), and a voxel takes its label when it is first pushed. The neighbour order is skimage's for the seed's
/// transposed (x, y, z) array: −x, −y, −z, +z, +y, +x.
/// </summary>
static class Watershed
{
    /// <summary>Floods from the markers.</summary>
    /// <param name="squaredDistance">The squared distance per voxel; 0 is outside the mask.</param>
    /// <param name="shape">The extent.</param>
    /// <param name="markers">The marker voxels (C-order indices) with their labels (≥ 1), in the order they enter the queue.</param>
    /// <param name="labels">Receives the label of every flooded voxel; must be zero on entry.</param>
    public static void Flood(int[] squaredDistance, Shape3 shape, IReadOnlyList<(int Index, int Label)> markers, int[] labels)
    {
        int strideY = shape.X;
        int strideZ = (int)shape.SectionVoxelCount;
        PriorityQueue<int, ulong> queue = new(markers.Count * 8);
        uint age = 0;
        foreach ((int index, int label) in markers)
        {
            labels[index] = label;
            queue.Enqueue(index, Key(squaredDistance[index], age++));
        }

        while (queue.TryDequeue(out int index, out _))
        {
            (int z, int rest) = Math.DivRem(index, strideZ);
            (int y, int x) = Math.DivRem(rest, strideY);
            int label = labels[index];
            if (x > 0)
            {
                Visit(squaredDistance, labels, queue, index - 1, label, ref age);
            }

            if (y > 0)
            {
                Visit(squaredDistance, labels, queue, index - strideY, label, ref age);
            }

            if (z > 0)
            {
                Visit(squaredDistance, labels, queue, index - strideZ, label, ref age);
            }

            if (z < shape.Z - 1)
            {
                Visit(squaredDistance, labels, queue, index + strideZ, label, ref age);
            }

            if (y < shape.Y - 1)
            {
                Visit(squaredDistance, labels, queue, index + strideY, label, ref age);
            }

            if (x < shape.X - 1)
            {
                Visit(squaredDistance, labels, queue, index + 1, label, ref age);
            }
        }
    }

    static void Visit(int[] squaredDistance, int[] labels, PriorityQueue<int, ulong> queue, int neighbour, int label, ref uint age)
    {
        if (squaredDistance[neighbour] != 0 && labels[neighbour] == 0)
        {
            labels[neighbour] = label;
            queue.Enqueue(neighbour, Key(squaredDistance[neighbour], age++));
        }
    }

    /// <summary>Orders by −distance (the largest distance first), then by age: unique, so the order is fully determined.</summary>
    static ulong Key(int squaredDistance, uint age) => ((ulong)(uint)(int.MaxValue - squaredDistance) << 32) | age;
}
