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
/// Work and memory follow the foreground, not the volume. Voxels above the threshold come as a bit mask (marked by
/// the softmax, or here), become row runs and are labelled into 26-connected components; each component is handled
/// in its own small box, in parallel. This is exact, not an approximation: a foreground voxel's nearest background
/// voxel is a neighbour of its own component, so the component's bounding box plus one voxel holds it; the
/// watershed never leaves a face-connected region; and a peak's (2·min_distance + 1)³ neighbourhood can only meet
/// the components whose bounding boxes come within min_distance, whose boxes are consulted for that one test.
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
/// Blocks: the peak region given to <see cref="Pick(float[], long, Shape3, PickingParameters, Box3)"/> is where peaks
/// may lie, so exclude_border applies at the volume's true faces only, never at the seams between blocks, where the
/// halo supplies the context.
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

        int minDistance = parameters.MinDistanceVoxels;
        int count = components.Components.Length;
        int[][] neighbours = Neighbours(components, minDistance);
        Piece[] pieces = new Piece[count];
        try
        {
            Parallel.For(0, count, c => pieces[c] = Piece.Transform(components, c));
            ConcurrentBag<Peak> candidates = [];
            Parallel.For(0, count, c => pieces[c].FindCandidates(components, c, neighbours[c], pieces, peakRegion, minDistance, candidates));
            List<Peak> peaks = SelectPeaks(candidates, minDistance);
            ILookup<int, Peak> markers = peaks.ToLookup(p => p.Component);
            List<(int Label, Detection Detection)>[] found = new List<(int, Detection)>[count];
            Parallel.For(0, count, c => found[c] = pieces[c].Flood(components, c, [.. markers[c]], probabilities, offset, parameters.MinBlobVoxels));
            return [.. found.SelectMany(list => list).OrderBy(region => region.Label).Select(region => region.Detection)];
        }
        finally
        {
            foreach (Piece? piece in pieces)
            {
                piece?.Dispose();
            }
        }
    }

    /// <summary>
    /// For each component, the others whose bounding boxes come within min_distance of its own: the only ones whose
    /// voxels can fall in the (2·min_distance + 1)³ neighbourhood of one of its voxels. A coarse grid finds the pairs
    /// without comparing every pair.
    /// </summary>
    static int[][] Neighbours(ForegroundComponents components, int minDistance)
    {
        Component[] all = components.Components;
        List<int>[] found = [.. all.Select(_ => new List<int>())];
        int cell = Math.Max(32, 2 * minDistance);
        Dictionary<(int, int, int), List<int>> grid = [];
        for (int c = 0; c < all.Length; c++)
        {
            Box3 reach = Grow(all[c].Box, minDistance);
            for (int z = Math.Max(0, reach.Start.Z) / cell; z <= (reach.End.Z - 1) / cell; z++)
            {
                for (int y = Math.Max(0, reach.Start.Y) / cell; y <= (reach.End.Y - 1) / cell; y++)
                {
                    for (int x = Math.Max(0, reach.Start.X) / cell; x <= (reach.End.X - 1) / cell; x++)
                    {
                        if (!grid.TryGetValue((z, y, x), out List<int>? list))
                        {
                            grid[(z, y, x)] = list = [];
                        }

                        foreach (int other in list)
                        {
                            if (!reach.Intersect(all[other].Box).IsEmpty && !found[c].Contains(other))
                            {
                                found[c].Add(other);
                                found[other].Add(c);
                            }
                        }

                        list.Add(c);
                    }
                }
            }
        }

        return [.. found.Select(list => list.ToArray())];
    }

    static Box3 Grow(Box3 box, int by) => Box3.FromBounds(box.Start - new Index3(by, by, by), box.End + new Index3(by, by, by));

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
    readonly record struct Peak(int SquaredDistance, int Z, int Y, int X, int Component, int Label)
    {
        /// <summary>Gets the seed's raster order: the seed transposes the map, so x is its slowest axis.</summary>
        public long RasterKey => ((long)this.X << 42) | ((long)this.Y << 21) | (long)this.Z;
    }

    /// <summary>One component in its own box (its bounding box plus one voxel, inside the map): distances and labels.</summary>
    sealed class Piece : IDisposable
    {
        int[] distance;
        bool noBackground;

        Piece(Box3 box, int[] distance)
        {
            this.Box = box;
            this.distance = distance;
        }

        /// <summary>Gets the box.</summary>
        public Box3 Box { get; }

        /// <summary>Rasterizes a component into its box and computes its distance transform there.</summary>
        public static Piece Transform(ForegroundComponents components, int component)
        {
            Shape3 shape = components.Shape;
            Component c = components.Components[component];
            Box3 box = Grow(c.Box, 1).Intersect(Box3.Whole(shape));
            int voxels = checked((int)box.Size.VoxelCount);
            Piece piece = new(box, ArrayPool<int>.Shared.Rent(voxels));
            Span<int> distance = piece.distance.AsSpan(0, voxels);
            distance.Clear();
            foreach (Run run in components.RunsOf(component))
            {
                distance.Slice(piece.IndexOf(run, shape, run.Start), run.End - run.Start).Fill(DistanceTransform.Foreground);
            }

            piece.noBackground = c.VoxelCount == shape.VoxelCount;
            if (piece.noBackground)
            {
                // No background voxel anywhere: scipy then measures from a phantom voxel just before the seed's
                // first (x) axis, giving (x + 1)² + y² + z²; its minimum, 1, is also peak_local_max's threshold.
                Shape3 size = box.Size;
                for (int i = 0; i < voxels; i++)
                {
                    (int z, int rest) = Math.DivRem(i, (int)size.SectionVoxelCount);
                    (int y, int x) = Math.DivRem(rest, size.X);
                    distance[i] = ((x + 1) * (x + 1)) + (y * y) + (z * z);
                }
            }
            else
            {
                DistanceTransform.SquaredInPlace(distance, box.Size);
            }

            return piece;
        }

        /// <summary>Appends peak_local_max's candidates among this component's voxels.</summary>
        public void FindCandidates(ForegroundComponents components, int component, int[] neighbours, Piece[] pieces, Box3 peakRegion, int minDistance, ConcurrentBag<Peak> candidates)
        {
            Shape3 shape = components.Shape;
            int floor = this.noBackground ? 1 : 0;
            foreach (Run run in components.RunsOf(component))
            {
                (int z, int y) = Math.DivRem(run.Row, shape.Y);
                int at = this.IndexOf(run, shape, run.Start);
                for (int x = run.Start; x < run.End; x++, at++)
                {
                    int value = this.distance[at];

                    // The 3³ neighbourhood first: it rejects nearly every voxel, and no other component reaches into it.
                    if (value > floor && peakRegion.Contains(z, y, x) && !this.AnyGreater(peakRegion, z, y, x, 1, value) &&
                        (minDistance == 1 || !this.AnyGreater(peakRegion, z, y, x, minDistance, value)) &&
                        !Array.Exists(neighbours, n => pieces[n].AnyGreater(peakRegion, z, y, x, minDistance, value)))
                    {
                        candidates.Add(new Peak(value, z, y, x, component, 0));
                    }
                }
            }
        }

        /// <summary>Floods this component from its markers and measures the regions.</summary>
        public List<(int Label, Detection Detection)> Flood(ForegroundComponents components, int component, Peak[] markers, float[] probabilities, long offset, double minBlobVoxels)
        {
            if (markers.Length == 0)
            {
                return [];
            }

            Shape3 shape = components.Shape;
            List<int> globalLabels = [];
            Dictionary<int, int> localLabel = [];
            List<(int Index, int Label)> seeds = [];
            foreach (Peak peak in markers)
            {
                if (!localLabel.TryGetValue(peak.Label, out int label))
                {
                    globalLabels.Add(peak.Label);
                    localLabel[peak.Label] = label = globalLabels.Count;
                }

                Index3 at = new Index3(peak.Z, peak.Y, peak.X) - this.Box.Start;
                seeds.Add(((int)this.Box.Size.IndexOf(at.Z, at.Y, at.X), label));
            }

            int voxels = (int)this.Box.Size.VoxelCount;
            int[] labels = ArrayPool<int>.Shared.Rent(voxels);
            try
            {
                Array.Clear(labels, 0, voxels);
                Watershed.Flood(this.distance, this.Box.Size, seeds, labels);
                int regions = globalLabels.Count;
                long[] area = new long[regions + 1];
                double[] sumZ = new double[regions + 1];
                double[] sumY = new double[regions + 1];
                double[] sumX = new double[regions + 1];
                double[] sumP = new double[regions + 1];
                foreach (Run run in components.RunsOf(component))
                {
                    (int z, int y) = Math.DivRem(run.Row, shape.Y);
                    int at = this.IndexOf(run, shape, run.Start);
                    long probability = offset + shape.IndexOf(z, y, run.Start);
                    for (int x = run.Start; x < run.End; x++, at++, probability++)
                    {
                        int label = labels[at];
                        area[label]++;
                        sumZ[label] += z;
                        sumY[label] += y;
                        sumX[label] += x;
                        sumP[label] += probabilities[probability];
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
            finally
            {
                ArrayPool<int>.Shared.Return(labels);
            }
        }

        public void Dispose()
        {
            if (this.distance.Length > 0)
            {
                ArrayPool<int>.Shared.Return(this.distance);
                this.distance = [];
            }
        }

        /// <summary>
        /// True when a voxel of this piece within `reach` (Chebyshev) of (z, y, x), inside the peak region, has a
        /// larger distance. Outside its box a piece has only background.
        /// </summary>
        bool AnyGreater(Box3 region, int z, int y, int x, int reach, int value)
        {
            Box3 window = Box3.FromBounds(new Index3(z - reach, y - reach, x - reach), new Index3(z + reach + 1, y + reach + 1, x + reach + 1))
                .Intersect(region).Intersect(this.Box);
            if (window.IsEmpty)
            {
                return false;
            }

            Shape3 size = this.Box.Size;
            for (int zz = window.Start.Z; zz < window.End.Z; zz++)
            {
                for (int yy = window.Start.Y; yy < window.End.Y; yy++)
                {
                    ReadOnlySpan<int> row = this.distance.AsSpan((int)size.IndexOf(zz - this.Box.Start.Z, yy - this.Box.Start.Y, window.Start.X - this.Box.Start.X), window.Size.X);
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
    }
}
