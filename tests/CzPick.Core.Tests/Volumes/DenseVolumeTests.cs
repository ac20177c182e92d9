using CzPick.Core.Geometry;
using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Volumes;

public sealed class DenseVolumeTests
{
    [Fact]
    public async Task ReadAsync_Region_CopiesThoseVoxelsInCOrder()
    {
        DenseVolume volume = new("ramp", new Shape3(4, 5, 6), VoxelSizeAngstrom.Isotropic(1));
        for (int i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = i;
        }

        Box3 region = new(new Index3(1, 2, 3), new Shape3(2, 2, 3));
        float[] destination = new float[region.Size.VoxelCount];
        await volume.ReadAsync(region, destination);

        int k = 0;
        for (int z = 1; z < 3; z++)
        {
            for (int y = 2; y < 4; y++)
            {
                for (int x = 3; x < 6; x++)
                {
                    Assert.Equal((z * 5 + y) * 6 + x, destination[k++]);
                }
            }
        }
    }

    [Fact]
    public async Task ReadAsync_RegionOutside_Refused()
    {
        DenseVolume volume = new("small", new Shape3(2, 2, 2), VoxelSizeAngstrom.Isotropic(1));
        Box3 region = new(new Index3(1, 0, 0), new Shape3(2, 2, 2));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await volume.ReadAsync(region, new float[8]));
    }
}
