using CzPick.Inference.Torch;

namespace CzPick.Inference.Tests.Torch;

public sealed class PickleWriterTests
{
    [Fact]
    public void StateDict_ReadBack_OrderedDictOfRebuiltTensorsOnNamedStorages()
    {
        TorchStateDict stateDict = new([new("a", TorchTensor.FromSingles([2, 3], new float[6])), new("b", TorchTensor.FromSingles([300], new float[300]))]);
        List<object?[]> persistentIds = [];

        byte[] pickle = PickleWriter.StateDict(stateDict, ["k0", "k1"]);
        PickleDict read = Assert.IsType<PickleDict>(PickleReader.Load(pickle, "p", id =>
        {
            persistentIds.Add(id);
            return new TorchStorage((string)id[2]!, TorchDataType.Float32, new byte[4 * (long)id[4]!]);
        }));

        Assert.Equal([0x80, 2], pickle[..2]);
        Assert.Equal(["a", "b"], read.Items.Select(i => i.Key));
        Assert.Equal([2, 3], Assert.IsType<TorchTensor>(read.Get("a")).Shape);
        Assert.Equal([3L, 1], Assert.IsType<TorchTensor>(read.Get("a")).Strides);
        Assert.Equal(["storage", new PickleGlobal("torch", "FloatStorage"), "k1", "cpu", 300L], persistentIds[1]);
    }
}
