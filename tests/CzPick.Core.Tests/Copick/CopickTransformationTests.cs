using CzPick.Core.Copick;

namespace CzPick.Core.Tests.Copick;

public sealed class CopickTransformationTests
{
    [Fact]
    public void FromRows_Identity_EqualsIdentity()
    {
        CopickTransformation t = CopickTransformation.FromRows([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);

        Assert.True(t.IsIdentity);
        Assert.Equal(CopickTransformation.Identity, t);
        Assert.Equal(CopickTransformation.Identity.GetHashCode(), t.GetHashCode());
    }

    [Fact]
    public void ToRows_Rotation_RoundTrips()
    {
        double[][] rows = [[0, -1, 0, 12.5], [1, 0, 0, -3], [0, 0, 1, 0.25], [0, 0, 0, 1]];

        CopickTransformation t = CopickTransformation.FromRows(rows);

        Assert.False(t.IsIdentity);
        Assert.Equal(12.5, t[0, 3]);
        Assert.Equal(-1, t[0, 1]);
        Assert.Equal(rows, t.ToRows());
    }

    [Fact]
    public void FromRows_ThreeRows_Refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => CopickTransformation.FromRows([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]));

        Assert.StartsWith("a copick transformation is a 4×4 matrix; got 3 rows of 4/4/4 values.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromRows_LastRowNotHomogeneous_Refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => CopickTransformation.FromRows([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0.5, 1]]));

        Assert.StartsWith("the last row of a copick transformation must be [0, 0, 0, 1]; got [0, 0, 0.5, 1].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromRows_LastRowWithinNumpyTolerance_Accepted()
    {
        // copick checks the last row with np.allclose (absolute tolerance 1e-8), the last element exactly.
        CopickTransformation t = CopickTransformation.FromRows([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1e-9, 0, 0, 1]]);

        Assert.Equal(1e-9, t[3, 0]);
    }
}
