using CzPick.Inference.Torch;

namespace CzPick.Inference.Tests.Torch;

public sealed class PickleReaderTests
{
    static readonly Func<object?[], TorchStorage> NoStorages = _ => throw new InvalidOperationException("no storages here");

    [Fact]
    public void Load_Integers_DecodedLikePython()
    {
        // pickle.dumps((255, 65535, -2, 2**40, -2**40, True, None), protocol=2)
        byte[] pickle = Convert.FromHexString("8002284bff4dffff4afeffffff8a060000000000018a060000000000ff884e7471002e");

        object?[] tuple = Assert.IsType<object?[]>(PickleReader.Load(pickle, "t", NoStorages));

        Assert.Equal([255L, 65535L, -2L, 1L << 40, -(1L << 40), true, null], tuple);
    }

    [Fact]
    public void Load_ContainersFloatsAndMemo_DecodedLikePython()
    {
        // pickle.dumps({'a': [1.5, 'x'], 'b': ('x', b'\x01')}, protocol=4) with its memo references.
        byte[] pickle = Convert.FromHexString("80049526000000000000007d94288c0161945d9428473ff80000000000008c017894658c0162946803430101948694752e");

        PickleDict dict = Assert.IsType<PickleDict>(PickleReader.Load(pickle, "t", NoStorages));

        Assert.Equal(["a", "b"], dict.Items.Select(i => i.Key));
        Assert.Equal([1.5, "x"], Assert.IsType<List<object?>>(dict.Get("a")));
        object?[] second = Assert.IsType<object?[]>(dict.Get("b"));
        Assert.Equal("x", second[0]);
        Assert.Equal([1], Assert.IsType<byte[]>(second[1]));
    }

    [Fact]
    public void Load_StackGlobalOfBuiltinsEval_RefusedByName()
    {
        // Protocol 4 names globals with STACK_GLOBAL: 'builtins' 'eval' STACK_GLOBAL.
        byte[] pickle = [0x80, 4, 0x8c, 8, .. "builtins"u8, 0x8c, 4, .. "eval"u8, 0x93, (byte)'.'];

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => PickleReader.Load(pickle, "f.pth", NoStorages));

        Assert.StartsWith("f.pth: data.pkl refers to the Python global 'builtins.eval' (byte 18)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InstOpcode_RefusedAsUnused()
    {
        // INST ('i') builds an object of any class: never part of a state dict.
        byte[] pickle = [0x80, 2, (byte)'(', (byte)'i', .. "os\nsystem\n"u8, (byte)'.'];

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => PickleReader.Load(pickle, "f", NoStorages));

        Assert.Contains("pickle opcode 0x69 at byte 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoStop_SaysTruncated()
    {
        byte[] pickle = [0x80, 2, (byte)'K', 1];

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => PickleReader.Load(pickle, "f", NoStorages));

        Assert.Contains("before its STOP opcode: the pickle is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StringLongerThanStream_SaysTruncated()
    {
        byte[] pickle = [0x80, 2, (byte)'X', 0xff, 0xff, 0, 0, (byte)'a'];

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => PickleReader.Load(pickle, "f", NoStorages));

        Assert.Contains("declares 65535 bytes at byte 7 but only 1 remain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PopOnEmptyStack_SaysMalformed()
    {
        TorchFormatException error = Assert.Throws<TorchFormatException>(() => PickleReader.Load([0x80, 2, (byte)'0', (byte)'.'], "f", NoStorages));

        Assert.Contains("the pickle is malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TensorViewBeyondStorage_SaysWhichElement()
    {
        // _rebuild_tensor_v2(storage of 4 floats, offset 2, size (3,), stride (1,), False, OrderedDict()).
        TorchStorage storage = new("7", TorchDataType.Float32, new byte[16]);
        byte[] pickle =
        [
            0x80, 2, (byte)'c', .. "torch._utils\n_rebuild_tensor_v2\n"u8, (byte)'(',
            (byte)')', (byte)'Q', (byte)'K', 2, (byte)'K', 3, 0x85, (byte)'K', 1, 0x85, 0x89,
            (byte)'c', .. "collections\nOrderedDict\n"u8, (byte)')', (byte)'R', (byte)'t', (byte)'R', (byte)'.',
        ];

        TorchFormatException error = Assert.Throws<TorchFormatException>(() => PickleReader.Load(pickle, "f", _ => storage));

        Assert.Contains("tensor of shape (3,) with strides (1) at offset 2 that reaches element 4, but its storage '7' holds only 4 elements", error.Message, StringComparison.Ordinal);
    }
}
