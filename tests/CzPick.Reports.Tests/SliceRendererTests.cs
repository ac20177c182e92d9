using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using SixLabors.ImageSharp.PixelFormats;

namespace CzPick.Reports.Tests;

public sealed class SliceRendererTests
{
    // A ribosome (radius 150 Å) centred on voxel (z 20, y 25, x 32) of a 10 Å volume: radius 15 voxels.
    static readonly ParticleType Ribosome = ParticleCatalog.Czii["ribosome"];
    static readonly Pick Planted = new("ribosome", 320, 250, 200, 0.9f);
    static readonly Rgb24 RibosomeColor = new(Ribosome.Color[0], Ribosome.Color[1], Ribosome.Color[2]);
    static readonly Shape3 Shape = new(40, 64, 64);
    static readonly ImageScale OneToOne = new(1, 1);

    /// <summary>A constant slice with an empty contrast window shows mid grey.</summary>
    static readonly Rgb24 Background = new(128, 128, 128);

    [Fact]
    public void Render_SectionThroughTheCentre_CircleOfTheParticleRadius()
    {
        RgbCanvas canvas = RenderZ(20, MarkStyle.Solid);

        // Voxel (y 25, x 32) is pixel (32, 25), centre (32.5, 25.5).
        Assert.All(TestImages.Ring(canvas, 32.5, 25.5, 15, 0.5), p => Assert.Equal(RibosomeColor, p));
        Assert.Equal(0, TestImages.CountColoured(TestImages.Ring(canvas, 32.5, 25.5, 12, 0.5)));
        Assert.Equal(0, TestImages.CountColoured(TestImages.Ring(canvas, 32.5, 25.5, 8, 3)));
    }

    [Fact]
    public void Render_SectionNineVoxelsAway_CircleOfTheIntersectionRadius()
    {
        // 90 Å from the centre the sphere of 150 Å cuts a circle of √(150² − 90²) = 120 Å = 12 voxels.
        RgbCanvas canvas = RenderZ(29, MarkStyle.Solid);

        Assert.All(TestImages.Ring(canvas, 32.5, 25.5, 12, 0.5), p => Assert.Equal(RibosomeColor, p));
        Assert.Equal(0, TestImages.CountColoured(TestImages.Ring(canvas, 32.5, 25.5, 15, 0.5)));
    }

    [Theory]
    [InlineData(36)]
    [InlineData(4)]
    [InlineData(0)]
    public void Render_SectionBeyondTheRadius_NothingDrawn(int z)
    {
        RgbCanvas canvas = RenderZ(z, MarkStyle.Solid);

        Assert.Equal(0, TestImages.CountColoured(canvas.Pixels));
    }

    [Fact]
    public void Render_XzPlaneThroughTheCentre_CircleAtColumnXRowZ()
    {
        SlicePlane plane = new(SliceAxis.Y, 25, Shape, VoxelSizeAngstrom.Isotropic(10));

        RgbCanvas canvas = Render(plane, MarkStyle.Solid, OneToOne);

        Assert.Equal((64, 40), (canvas.Width, canvas.Height));
        Assert.All(TestImages.Ring(canvas, 32.5, 20.5, 15, 0.5), p => Assert.Equal(RibosomeColor, p));
    }

    [Fact]
    public void Render_EnlargedThreeTimes_CircleThreeTimesWider()
    {
        SlicePlane plane = new(SliceAxis.Z, 20, Shape, VoxelSizeAngstrom.Isotropic(10));

        RgbCanvas canvas = Render(plane, MarkStyle.Solid, new ImageScale(3, 1));

        Assert.Equal((192, 192), (canvas.Width, canvas.Height));
        Assert.All(TestImages.Ring(canvas, 32.5 * 3, 25.5 * 3, 45, 0.5), p => Assert.Equal(RibosomeColor, p));
    }

    [Fact]
    public void Render_ThreeStyles_SolidRingDashedRingCrossAtTheCentre()
    {
        RgbCanvas solid = RenderZ(20, MarkStyle.Solid);
        RgbCanvas dashed = RenderZ(20, MarkStyle.Dashed);
        RgbCanvas cross = RenderZ(20, MarkStyle.Cross);

        Rgb24[] solidRing = TestImages.Ring(solid, 32.5, 25.5, 15, 0.5);
        Rgb24[] dashedRing = TestImages.Ring(dashed, 32.5, 25.5, 15, 0.5);
        Assert.Equal(solidRing.Length, solidRing.Count(p => p == RibosomeColor));
        Assert.InRange((double)dashedRing.Count(p => p == RibosomeColor) / dashedRing.Length, 0.3, 0.7);
        Assert.Equal(0, TestImages.CountColoured(TestImages.Ring(cross, 32.5, 25.5, 15, 1.5)));

        // The cross: its centre and a point on a diagonal arm (half the radius along x and y is 7.5 pixels).
        Assert.Equal((RibosomeColor, RibosomeColor), (cross[32, 25], cross[32 + 5, 25 + 5]));
        Assert.Equal((Background, Background), (solid[32, 25], dashed[32, 25]));
    }

    [Fact]
    public void Sections_OnlyMarksWhoseSphereCutsThePlane()
    {
        SlicePlane plane = new(SliceAxis.Z, 20, Shape, VoxelSizeAngstrom.Isotropic(10));
        SliceMark near = new(Planted, Ribosome, MarkStyle.Solid);
        SliceMark far = new(Planted with { ZAngstrom = 360 }, Ribosome, MarkStyle.Solid);
        SliceMark apo = new(new Pick("apo-ferritin", 100, 100, 230, 1), ParticleCatalog.Czii["apo-ferritin"], MarkStyle.Dashed);

        IReadOnlyList<MarkSection> sections = SliceRenderer.Sections(plane, OneToOne, [near, far, apo]);

        // apo-ferritin: radius 60 Å, 30 Å from the plane, so a circle of √(60² − 30²) Å = 5.196 voxels.
        Assert.Equal([near, apo], sections.Select(s => s.Mark));
        Assert.Equal(Math.Sqrt((60 * 60) - (30 * 30)) / 10, sections[1].RadiusX, 1e-12);
        Assert.Equal((10.5, 10.5), (sections[1].X, sections[1].Y));
    }

    [Fact]
    public void Bin_TwoByTwo_AveragesFiniteValuesPartialBlocksIncluded()
    {
        // 5 × 2 values: blocks [0 1 | 5 6], [2 3 | 7 NaN], [4 | 9].
        float[] values = [0, 1, 2, 3, 4, 5, 6, 7, float.NaN, 9];

        float[] binned = SliceRenderer.Bin(values, 5, 2, 2);

        Assert.Equal([3f, 4f, 6.5f], binned);
    }

    static RgbCanvas RenderZ(int z, MarkStyle style) => Render(new SlicePlane(SliceAxis.Z, z, Shape, VoxelSizeAngstrom.Isotropic(10)), style, OneToOne);

    /// <summary>Renders a constant plane (mid grey) with the planted ribosome.</summary>
    static RgbCanvas Render(SlicePlane plane, MarkStyle style, ImageScale scale)
    {
        float[] values = new float[plane.Width * plane.Height];
        SliceMark[] marks = [new(Planted, Ribosome, style)];
        return SliceRenderer.Render(plane, values, new ContrastWindow(0, 0), scale, SliceRenderer.Sections(plane, scale, marks));
    }
}
