namespace CzPick.Inference.Tests.Support;

/// <summary>The oracle fixtures: this project's small ones (Fixtures/MonaiUNet) and the shared MONAI one.</summary>
static class Fixtures
{
    public static string Small(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "MonaiUNet", name);

    public static string MonaiTiny(string name) => TestPaths.SharedFixture("monai-unet", name);

    public static float MaxAbsDifference(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        float max = 0;
        for (int index = 0; index < actual.Length; index++)
        {
            max = MathF.Max(max, MathF.Abs(actual[index] - expected[index]));
        }

        return max;
    }
}
