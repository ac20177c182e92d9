using System.Buffers;
using System.Collections.Concurrent;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;

namespace CzPick.Core.Picking;

/// <summary>
/// Extracts particles from one class's probability map with the seed's recipe (05-inference.py of
/// IAmPara0x/czii-8th-solution), matching the upstream tools it calls:
/// probability &gt; threshold → exact Euclidean distance transform (scipy <c>distance_transform_edt</c>) →
/// <c>skimage.feature.peak_local_max(distance, min_distance, labels=mask)</c> → markers labelled with full
/// connectivity → <c>skimage.segmentation.watershed(−distance, markers, mask=mask)</c> → regions of at least the
/// minimum blob size → centroids.
/// </summary>
/// <remarks>
/// <para>
/// Work and memory follow the foreground, not the volume. Voxels above the threshold are found as row runs and
/// labelled into 26-connected components; components closer than min_distance to each other (bounding boxes) form a
/// group, and each group is handled in its own small box, in parallel. This is exact, not an approximation: a
/// foreground voxel's nearest background voxel is a neighbour of its own component, so its bounding box plus one
/// voxel holds it; a peak's (2·min_distance + 1)³ neighbourhood only meets components of its group; and the
/// watershed never leaves a face-connected region.
/// </para>
/// <para>
/// peak_local_max, as the seed calls it: the labels are the boolean mask, so there is one label, and exclude_border
/// (min_distance) removes the border band from the label before its bounding box is taken. Candidates are foreground
/// voxels inside that band whose distance equals the maximum of their (2·min_distance + 1)³ neighbourhood within
/// the band, and exceeds the image minimum (0). They are taken by decreasing distance and a candidate closer than
/// min_distance (Chebyshev) to one already kept is dropped. numpy's argsort is not stable, so skimage orders equal
/// distances arbitrarily; here ties go in the seed's raster order (x, then y, then z, since the seed transposes the
/// probability map), so results are deterministic and differ from skimage only in which voxel of a flat-topped
/// maximum becomes the marker. Likewise markers of equal distance leave the watershed queue in that raster order.
/// skimage's special case for an image whose every voxel is a local maximum (peaks from a binary opening) is not
/// reproduced: only masks made solely of one-voxel-thin structures reach it, and their regions are far below any
/// minimum blob size.
/// </para>
/// <para>
/// Blocks: the peak region given to <see cref="Pick(float[], long, Shape3, PickingParameters, Box3)"/> is where peaks may lie, so exclude_border applies at
/// the volume's true faces only, never at the seams between blocks, where the halo supplies the context.
/// </para>
/// </remarks>
public static class WatershedPicker
{
    /// <summary>Returns where peaks may lie in a block's input: the volume minus its border band of min_distance, in input coordinates.</summary>
    /// <param name="volume">The whole volume's extent.</param>
    /// <param name="input">The block's input region in the volume.</param>
    /// <param name="minDistance">The class's min_distance (exclude_border's width).</param>
    /// <returns>The region, relative to the input's first voxel; empty when the band covers the volume.</returns>
    public static Box3 PeakRegion(Shape3 volume, Box3 input, int minDistance)
    {
        Box3 interior = Box3.FromBounds(
            new Index3(minDistance, minDistance, minDistance),
            new Index3(volume.Z - minDistance, volume.Y - minDistance, volume.X - minDistance));
        Box3 inside = interior.Intersect(input);
        return new Box3(inside.Start - input.Start, inside.Size);
    }

    /// <summary>Picks one class.</summary>
    /// <param name="probabilities">The class's probabilities in C order, shape.VoxelCount long from offset.</param>
    /// <param name="offset">Where the class starts in probabilities.</param>
    /// <param name="shape">The map's extent.</param>
    /// <param name="parameters">Threshold, min blob and min distance.</param>
    /// <param name="peakRegion">Where peaks may lie (see <see cref="PeakRegion"/>); the whole map for a whole volume.</param>
    /// <returns>The regions kept, in the order skimage's regionprops lists them (the markers' raster order).</returns>
    /// <exception cref="ArgumentOutOfRangeException">min_distance is below 1.</exception>
    public static IReadOnlyList<Detection> Pick(float[] probabilities, long offset, Shape3 shape, PickingParameters parameters, Box3 peakRegion)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(parameters);
        if (offset < 0 || probabilities.LongLength - offset < shape.VoxelCount)
        {
            throw new ArgumentException($"A {shape} map from {offset} does not fit in {probabilities.LongLength} values.", nameof(probabilities));
        }

        ForegroundMask mask = new();
        mask.Threshold(probabilities, offset, shape, parameters.Threshold);
        return Pick(probabilities, offset, mask, parameters, peakRegion);
    }

    /// <summary>Picks one class whose foreground (probability above the threshold) is already marked.</summary>
    /// <param name="probabilities">The class's probabilities, for the picks' scores.</param>
    /// <param name="offset">Where the class starts in probabilities.</param>
    /// <param name="mask">The class's foreground, of the map's extent.</param>
    /// <param name="parameters">Min blob and min distance (the threshold is the mask's).</param>
    /// <param name="peakRegion">Where peaks may lie.</param>
    /// <returns>The regions kept.</returns>
    /// <exception cref="ArgumentOutOfRangeException">min_distance is below 1.</exception>
    internal static IReadOnlyList<Detection> Pick(float[] probabilities, long offset, ForegroundMask mask, PickingParameters parameters, Box3 peakRegion)
    {
        if (parameters.MinDistanceVoxels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), $"min_distance must be at least 1 voxel, not {parameters.MinDistanceVoxels}.");
        }

        Shape3 shape = mask.Shape;
        ForegroundComponents components = ForegroundComponents.Find(mask);
        if (components.Components.Length == 0)
        {
            return [];
        }

        Group[] groups = Group.Form(components, parameters.MinDistanceVoxels, shape);
        try
        {
            ConcurrentBag<Peak> candidates = [];
            Parallel.ForEach(groups, group => group.FindCandidates(components, peakRegion, parameters.MinDistanceVoxels, candidates));
            List<Peak> peaks = SelectPeaks(candidates, parameters.MinDistanceVoxels);
            List<(int Label, Detection Detection)>[] found = new List<(int, Detection)>[groups.Length];
            Parallel.For(0, groups.Length, g => found[g] = groups[g].Flood(components, peaks, probabilities, offset, shape, parameters.MinBlobVoxels));
            return [.. found.SelectMany(list => list).OrderBy(region => region.Label).Select(region => region.Detection)];
        }
        finally
        {
            foreach (Group group in groups)
            {
                group.Dispose();
            }
        }
    }

    /// <summary>
    /// peak_local_max's spacing: candidates by decreasing distance (ties in the seed's raster order); one closer than
    /// min_distance (Chebyshev) to a kept peak is dropped. Then markers are labelled with full connectivity, which
    /// joins peaks only when min_distance is 1 (otherwise kept peaks are at least 2 apart).
    /// </summary>
    static List<Peak> SelectPeaks(IEnumerable<Peak> candidates, int minDistance)
    {
        Peak[] ordered = candidates.ToArray();
        Array.Sort(ordered, static (a, b) =>
            a.SquaredDistance != b.SquaredDistance ? b.SquaredDistance.CompareTo(a.SquaredDistance) : a.RasterKey.CompareTo(b.RasterKey));
        Dictionary<(int, int, int), List<int>> cells = [];
        List<Peak> kept = [];
        foreach (Peak candidate in ordered)
        {
            if (Near(candidate, minDistance - 1))
            {
                continue;
            }

            (int, int, int) cell = CellOf(candidate);
            if (!cells.TryGetValue(cell, out List<int>? members))
            {
                cells[cell] = members = [];
            }

            members.Add(kept.Count);
            kept.Add(candidate);
        }

        // Marker labels in the seed's raster order; adjacent peaks (possible only for min_distance 1, where cells are
        // single voxels) share a label.
        int[] order = Enumerable.Range(0, kept.Count).OrderBy(i => kept[i].RasterKey).ToArray();
        int[] label = new int[kept.Count];
        int labels = 0;
        foreach (int first in order)
        {
            if (label[first] != 0)
            {
                continue;
            }

            label[first] = ++labels;
            Stack<int> pending = new([first]);
            while (minDistance == 1 && pending.TryPop(out int i))
            {
                foreach (int j in Neighbours(kept[i]))
                {
                    if (label[j] == 0)
                    {
                        label[j] = labels;
                        pending.Push(j);
                    }
                }
            }
        }

        return [.. order.Select(i => kept[i] with { Label = label[i] })];

        bool Near(Peak peak, int reach) => Neighbours(peak).Any(m => Chebyshev(kept[m], peak) <= reach);

        IEnumerable<int> Neighbours(Peak peak)
        {
            (int cz, int cy, int cx) = CellOf(peak);
            for (int dz = -1; dz <= 1; dz++)
            {
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        if (cells.TryGetValue((cz + dz, cy + dy, cx + dx), out List<int>? members))
                        {
                            foreach (int m in members)
                            {
                                yield return m;
                            }
                        }
                    }
                }
            }
        }

        (int, int, int) CellOf(Peak peak) => (peak.Z / minDistance, peak.Y / minDistance, peak.X / minDistance);
    }

    static int Chebyshev(Peak a, Peak b) => Math.Max(Math.Abs(a.Z - b.Z), Math.Max(Math.Abs(a.Y - b.Y), Math.Abs(a.X - b.X)));

    /// <summary>A candidate or kept peak, in map coordinates.</summary>
    readonly record struct Peak(int SquaredDistance, int Z, int Y, int X, int Group, int Label)
    {
        /// <summary>Gets the seed's raster order: the seed transposes the map, so x is its slowest axis.</summary>
        public long RasterKey => ((long)this.X << 42) | ((long)this.Y << 21) | (long)this.Z;
    }

    /// <summary>Components within min_distance of each other, handled together in one box.</summary>
    sealed class Group : IDisposable
    {
        readonly int index;
        readonly int[] members;
        int[] distance = [];
        int[] labels = [];
        bool noBackground;

        Group(int index, int[] members, Box3 box)
        {
            this.index = index;
            this.members = members;
            this.Box = box;
        }

        /// <summary>Gets the box: the members' bounding box plus one voxel, inside the map.</summary>
        public Box3 Box { get; }

        /// <summary>Groups components whose bounding boxes come within min_distance of each other.</summary>
        public static Group[] Form(ForegroundComponents components, int minDistance, Shape3 shape)
        {
            Component[] all = components.Components;
            int[] parent = Enumerable.Range(0, all.Length).ToArray();

            // A coarse grid finds nearby pairs without comparing every pair.
            int cell = Math.Max(32, 2 * minDistance);
            Dictionary<(int, int, int), List<int>> grid = [];
            for (int c = 0; c < all.Length; c++)
            {
                Box3 reach = Grow(all[c].Box, minDistance);
                for (int z = reach.Start.Z / cell; z <= (reach.End.Z - 1) / cell; z++)
                {
                    for (int y = reach.Start.Y / cell; y <= (reach.End.Y - 1) / cell; y++)
                    {
                        for (int x = reach.Start.X / cell; x <= (reach.End.X - 1) / cell; x++)
                        {
                            if (!grid.TryGetValue((z, y, x), out List<int>? list))
                            {
                                grid[(z, y, x)] = list = [];
                            }

                            foreach (int other in list)
                            {
                                if (!reach.Intersect(all[other].Box).IsEmpty)
                                {
                                    Union(parent, c, other);
                                }
                            }

                            list.Add(c);
                        }
                    }
                }
            }

            Dictionary<int, List<int>> byRoot = [];
            for (int c = 0; c < all.Length; c++)
            {
                int root = Find(parent, c);
                if (!byRoot.TryGetValue(root, out List<int>? list))
                {
                    byRoot[root] = list = [];
                }

                list.Add(c);
            }

            Box3 whole = Box3.Whole(shape);
            return [.. byRoot.Values.Select((list, g) =>
            {
                Index3 start = all[list[0]].Box.Start;
                Index3 end = all[list[0]].Box.End;
                foreach (int c in list)
                {
                    start = Min(start, all[c].Box.Start);
                    end = Max(end, all[c].Box.End);
                }

                return new Group(g, [.. list], Grow(Box3.FromBounds(start, end), 1).Intersect(whole));
            })];
        }

        /// <summary>Computes the distance transform and appends peak_local_max's candidates.</summary>
        public void FindCandidates(ForegroundComponents components, Box3 peakRegion, int minDistance, ConcurrentBag<Peak> candidates)
        {
            Shape3 size = this.Box.Size;
            int voxels = checked((int)size.VoxelCount);
            this.distance = ArrayPool<int>.Shared.Rent(voxels);
            Span<int> distance = this.distance.AsSpan(0, voxels);
            distance.Clear();
            long foreground = 0;
            foreach (int member in this.members)
            {
                foreground += components.Components[member].VoxelCount;
                foreach (Run run in components.RunsOf(member))
                {
                    distance.Slice(this.IndexOf(run, components.Shape, run.Start), run.End - run.Start).Fill(DistanceTransform.Foreground);
                }
            }

            this.noBackground = foreground == components.Shape.VoxelCount;
            if (this.noBackground)
            {
                // No background voxel anywhere: scipy then measures from a phantom voxel just before the seed's
                // first (x) axis, giving (x + 1)² + y² + z²; its minimum, 1, is also peak_local_max's threshold.
                for (int i = 0; i < voxels; i++)
                {
                    (int z, int rest) = Math.DivRem(i, (int)size.SectionVoxelCount);
                    (int y, int x) = Math.DivRem(rest, size.X);
                    distance[i] = ((x + 1) * (x + 1)) + (y * y) + (z * z);
                }
            }
            else
            {
                DistanceTransform.SquaredInPlace(distance, size);
            }

            int floor = this.noBackground ? 1 : 0;
            Box3 region = peakRegion.Intersect(this.Box);
            Box3 local = new(region.Start - this.Box.Start, region.Size);
            foreach (int member in this.members)
            {
                foreach (Run run in components.RunsOf(member))
                {
                    (int z, int y) = Math.DivRem(run.Row, components.Shape.Y);
                    z -= this.Box.Start.Z;
                    y -= this.Box.Start.Y;
                    for (int x = run.Start - this.Box.Start.X; x < run.End - this.Box.Start.X; x++)
                    {
                        if (local.Contains(z, y, x) && this.IsPeak(local, z, y, x, minDistance, floor))
                        {
                            int d = distance[(int)size.IndexOf(z, y, x)];
                            candidates.Add(new Peak(d, z + this.Box.Start.Z, y + this.Box.Start.Y, x + this.Box.Start.X, this.index, 0));
                        }
                    }
                }
            }
        }

        /// <summary>Floods this group's markers and measures the regions.</summary>
        public List<(int Label, Detection Detection)> Flood(ForegroundComponents components, List<Peak> peaks, float[] probabilities, long offset, Shape3 shape, double minBlobVoxels)
        {
            List<(int Index, int Label)> markers = [];
            List<int> globalLabels = [];
            Dictionary<int, int> localLabel = [];
            foreach (Peak peak in peaks)
            {
                if (peak.Group != this.index)
                {
                    continue;
                }

                if (!localLabel.TryGetValue(peak.Label, out int label))
                {
                    globalLabels.Add(peak.Label);
                    localLabel[peak.Label] = label = globalLabels.Count;
                }

                Index3 at = new Index3(peak.Z, peak.Y, peak.X) - this.Box.Start;
                markers.Add(((int)this.Box.Size.IndexOf(at.Z, at.Y, at.X), label));
            }

            if (markers.Count == 0)
            {
                return [];
            }

            int voxels = (int)this.Box.Size.VoxelCount;
            this.labels = ArrayPool<int>.Shared.Rent(voxels);
            Array.Clear(this.labels, 0, voxels);
            Watershed.Flood(this.distance, this.Box.Size, markers, this.labels);

            int regions = globalLabels.Count;
            long[] area = new long[regions + 1];
            double[] sumZ = new double[regions + 1];
            double[] sumY = new double[regions + 1];
            double[] sumX = new double[regions + 1];
            double[] sumP = new double[regions + 1];
            foreach (int member in this.members)
            {
                foreach (Run run in components.RunsOf(member))
                {
                    (int z, int y) = Math.DivRem(run.Row, shape.Y);
                    int at = this.IndexOf(run, shape, run.Start);
                    long probability = offset + shape.IndexOf(z, y, run.Start);
                    for (int x = run.Start; x < run.End; x++, at++, probability++)
                    {
                        int label = this.labels[at];
                        area[label]++;
                        sumZ[label] += z;
                        sumY[label] += y;
                        sumX[label] += x;
                        sumP[label] += probabilities[probability];
                    }
                }
            }

            List<(int, Detection)> kept = [];
            for (int label = 1; label <= regions; label++)
            {
                if (area[label] >= minBlobVoxels)
                {
                    kept.Add((globalLabels[label - 1], new Detection(sumZ[label] / area[label], sumY[label] / area[label], sumX[label] / area[label], area[label], (float)(sumP[label] / area[label]))));
                }
            }

            return kept;
        }

        public void Dispose()
        {
            ReturnArray(ref this.distance);
            ReturnArray(ref this.labels);
        }

        static void ReturnArray(ref int[] array)
        {
            if (array.Length > 0)
            {
                ArrayPool<int>.Shared.Return(array);
                array = [];
            }
        }

        /// <summary>
        /// True when the voxel's distance is the largest in its (2·min_distance + 1)³ neighbourhood within the peak
        /// region and above the floor. The 3³ neighbourhood is tried first: it rejects nearly every voxel.
        /// </summary>
        bool IsPeak(Box3 region, int z, int y, int x, int minDistance, int floor)
        {
            Shape3 size = this.Box.Size;
            int value = this.distance[(int)size.IndexOf(z, y, x)];
            return value > floor && !this.AnyGreater(region, z, y, x, 1, value) && (minDistance == 1 || !this.AnyGreater(region, z, y, x, minDistance, value));
        }

        bool AnyGreater(Box3 region, int z, int y, int x, int reach, int value)
        {
            Shape3 size = this.Box.Size;
            int z0 = Math.Max(region.Start.Z, z - reach), z1 = Math.Min(region.End.Z, z + reach + 1);
            int y0 = Math.Max(region.Start.Y, y - reach), y1 = Math.Min(region.End.Y, y + reach + 1);
            int x0 = Math.Max(region.Start.X, x - reach), x1 = Math.Min(region.End.X, x + reach + 1);
            for (int zz = z0; zz < z1; zz++)
            {
                for (int yy = y0; yy < y1; yy++)
                {
                    ReadOnlySpan<int> row = this.distance.AsSpan((int)size.IndexOf(zz, yy, x0), x1 - x0);
                    foreach (int other in row)
                    {
                        if (other > value)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        int IndexOf(Run run, Shape3 shape, int x)
        {
            (int z, int y) = Math.DivRem(run.Row, shape.Y);
            return (int)this.Box.Size.IndexOf(z - this.Box.Start.Z, y - this.Box.Start.Y, x - this.Box.Start.X);
        }

        static Box3 Grow(Box3 box, int by) => Box3.FromBounds(
            box.Start - new Index3(by, by, by),
            box.End + new Index3(by, by, by));

        static Index3 Min(Index3 a, Index3 b) => new(Math.Min(a.Z, b.Z), Math.Min(a.Y, b.Y), Math.Min(a.X, b.X));

        static Index3 Max(Index3 a, Index3 b) => new(Math.Max(a.Z, b.Z), Math.Max(a.Y, b.Y), Math.Max(a.X, b.X));

        static int Find(int[] parent, int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        static void Union(int[] parent, int a, int b)
        {
            int rootA = Find(parent, a);
            int rootB = Find(parent, b);
            if (rootA != rootB)
            {
                parent[Math.Max(rootA, rootB)] = Math.Min(rootA, rootB);
            }
        }
    }
}
