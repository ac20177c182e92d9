using System.Buffers;
using CzPick.Core.Geometry;

namespace CzPick.Core.Picking;

/// <summary>
/// Marker-based watershed of −distance inside a mask, with skimage's <c>segmentation.watershed</c> semantics (no
/// compactness, no watershed line, face connectivity): voxels leave the queue by (−distance, then time of entry),
/// and a voxel takes its label when it is first pushed. The neighbour order is skimage's for the seed's transposed
/// (x, y, z) array: −x, −y, −z, +z, +y, +x.
/// </summary>
/// <remarks>
/// Squared distances are small integers, so the priority queue is a bucket queue: one first-in-first-out list per
/// squared distance, taken from the largest non-empty one. First in, first out within a bucket is exactly skimage's
/// order by age, and every voxel enters the queue at most once, so one "next" link per voxel holds every list.
/// </remarks>
static class Watershed
{
    /// <summary>Floods from the markers.</summary>
    /// <param name="squaredDistance">The squared distance per voxel; 0 is outside the mask.</param>
    /// <param name="shape">The extent.</param>
    /// <param name="markers">The marker voxels (C-order indices) with their labels (≥ 1), in the order they enter the queue.</param>
    /// <param name="labels">Receives the label of every flooded voxel; must be zero on entry.</param>
    public static void Flood(int[] squaredDistance, Shape3 shape, IReadOnlyList<(int Index, int Label)> markers, int[] labels)
    {
        int voxels = (int)shape.VoxelCount;
        int buckets = 1;
        for (int i = 0; i < voxels; i++)
        {
            buckets = Math.Max(buckets, squaredDistance[i] + 1);
        }

        int[] next = ArrayPool<int>.Shared.Rent(voxels);
        int[] head = ArrayPool<int>.Shared.Rent(buckets);
        int[] tail = ArrayPool<int>.Shared.Rent(buckets);
        try
        {
            Queue queue = new(squaredDistance, next, head, tail, buckets);
            foreach ((int index, int label) in markers)
            {
                labels[index] = label;
                queue.Push(index);
            }

            int strideY = shape.X;
            int strideZ = (int)shape.SectionVoxelCount;
            while (queue.TryPop(out int index))
            {
                (int z, int rest) = Math.DivRem(index, strideZ);
                (int y, int x) = Math.DivRem(rest, strideY);
                int label = labels[index];
                if (x > 0)
                {
                    Visit(squaredDistance, labels, ref queue, index - 1, label);
                }

                if (y > 0)
                {
                    Visit(squaredDistance, labels, ref queue, index - strideY, label);
                }

                if (z > 0)
                {
                    Visit(squaredDistance, labels, ref queue, index - strideZ, label);
                }

                if (z < shape.Z - 1)
                {
                    Visit(squaredDistance, labels, ref queue, index + strideZ, label);
                }

                if (y < shape.Y - 1)
                {
                    Visit(squaredDistance, labels, ref queue, index + strideY, label);
                }

                if (x < shape.X - 1)
                {
                    Visit(squaredDistance, labels, ref queue, index + 1, label);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(head);
            ArrayPool<int>.Shared.Return(tail);
        }
    }

    static void Visit(int[] squaredDistance, int[] labels, ref Queue queue, int neighbour, int label)
    {
        if (squaredDistance[neighbour] != 0 && labels[neighbour] == 0)
        {
            labels[neighbour] = label;
            queue.Push(neighbour);
        }
    }

    /// <summary>First-in-first-out lists per squared distance, linked through the voxels.</summary>
    struct Queue
    {
        readonly int[] key;
        readonly int[] next;
        readonly int[] head;
        readonly int[] tail;
        int top;

        public Queue(int[] key, int[] next, int[] head, int[] tail, int buckets)
        {
            this.key = key;
            this.next = next;
            this.head = head;
            this.tail = tail;
            this.top = -1;
            Array.Fill(head, -1, 0, buckets);
            Array.Fill(tail, -1, 0, buckets);
        }

        public void Push(int index)
        {
            int bucket = this.key[index];
            this.next[index] = -1;
            if (this.tail[bucket] < 0)
            {
                this.head[bucket] = index;
            }
            else
            {
                this.next[this.tail[bucket]] = index;
            }

            this.tail[bucket] = index;
            this.top = Math.Max(this.top, bucket);
        }

        public bool TryPop(out int index)
        {
            while (this.top >= 0 && this.head[this.top] < 0)
            {
                this.top--;
            }

            if (this.top < 0)
            {
                index = -1;
                return false;
            }

            index = this.head[this.top];
            this.head[this.top] = this.next[index];
            if (this.head[this.top] < 0)
            {
                this.tail[this.top] = -1;
            }

            return true;
        }
    }
}
