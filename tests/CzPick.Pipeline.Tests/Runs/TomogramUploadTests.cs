using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;

namespace CzPick.Pipeline.Tests.Runs;

public sealed class TomogramUploadTests
{
    [Theory]
    [InlineData("TS_5_4.mrc", "TS_5_4")]
    [InlineData("session 2/TS_6_4.rec", "TS_6_4")]
    [InlineData("notes.txt", "notes")]
    public void FromBlob_File_ItsOwnRunAndTrigger(string name, string run)
    {
        TomogramUpload upload = TomogramUpload.FromBlob(name)!;

        Assert.Equal(new TomogramUpload(run, new BlobPath("tomograms", name), new BlobPath("tomograms", name)), upload);
        Assert.False(TomogramUpload.IsZarrStore(upload.Tomogram));
    }

    [Theory]
    [InlineData("TS_5_4.zarr/.zattrs")]
    [InlineData("TS_5_4.zarr/0/.zarray")]
    [InlineData("TS_5_4.zarr/0/1.0.2")]
    [InlineData("TS_5_4.zarr/0/.czpick-complete")]
    public void FromBlob_KeyInsideZarrStore_StartsNothing(string name)
    {
        Assert.Null(TomogramUpload.FromBlob(name));
    }

    [Theory]
    [InlineData("TS_5_4.zarr/.czpick-complete", "TS_5_4.zarr", "TS_5_4")]
    [InlineData("portal/TS_7.ZARR/.czpick-complete", "portal/TS_7.ZARR", "TS_7")]
    public void FromBlob_ZarrMarker_StoreRunTriggeredByMarker(string name, string store, string run)
    {
        TomogramUpload upload = TomogramUpload.FromBlob(name)!;

        Assert.Equal(new TomogramUpload(run, new BlobPath("tomograms", store), new BlobPath("tomograms", name)), upload);
        Assert.True(TomogramUpload.IsZarrStore(upload.Tomogram));
    }
}
