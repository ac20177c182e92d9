using System.Buffers.Binary;
using System.Text;

namespace CzPick.Inference.Torch;

/// <summary>
/// Writes the pickle (protocol 2) of a float32 state dict the way torch.save lays it out: an OrderedDict whose
/// values are <c>torch._utils._rebuild_tensor_v2</c> calls on persistent storage ids.
/// </summary>
static class PickleWriter
{
    /// <summary>Returns data.pkl for a state dict whose tensor i is stored, contiguous float32, under keys[i].</summary>
    public static byte[] StateDict(TorchStateDict stateDict, IReadOnlyList<string> storageKeys)
    {
        MemoryStream stream = new();
        stream.Write([0x80, 2]); // PROTO 2
        WriteGlobal(stream, "collections", "OrderedDict");
        stream.WriteByte((byte)')'); // EMPTY_TUPLE
        stream.WriteByte((byte)'R'); // REDUCE: OrderedDict()
        stream.WriteByte((byte)'('); // MARK
        for (int index = 0; index < stateDict.Entries.Count; index++)
        {
            (string key, TorchTensor tensor) = stateDict.Entries[index];
            WriteString(stream, key);
            WriteGlobal(stream, "torch._utils", "_rebuild_tensor_v2");
            stream.WriteByte((byte)'('); // MARK: the arguments
            stream.WriteByte((byte)'('); // MARK: the persistent id
            WriteString(stream, "storage");
            WriteGlobal(stream, "torch", TorchDataType.Float32.StorageClass());
            WriteString(stream, storageKeys[index]);
            WriteString(stream, "cpu");
            WriteInt(stream, tensor.ElementCount);
            stream.WriteByte((byte)'t'); // TUPLE
            stream.WriteByte((byte)'Q'); // BINPERSID
            WriteInt(stream, 0); // storage offset
            WriteIntTuple(stream, tensor.Shape.Select(extent => (long)extent));
            WriteIntTuple(stream, TorchTensor.ContiguousStrides(tensor.Shape));
            stream.WriteByte(0x89); // NEWFALSE: requires_grad
            WriteGlobal(stream, "collections", "OrderedDict");
            stream.WriteByte((byte)')');
            stream.WriteByte((byte)'R'); // backward_hooks = OrderedDict()
            stream.WriteByte((byte)'t'); // TUPLE
            stream.WriteByte((byte)'R'); // REDUCE
        }

        stream.WriteByte((byte)'u'); // SETITEMS
        stream.WriteByte((byte)'.'); // STOP
        return stream.ToArray();
    }

    static void WriteGlobal(MemoryStream stream, string module, string name)
    {
        stream.WriteByte((byte)'c');
        stream.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    static void WriteString(MemoryStream stream, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        stream.WriteByte((byte)'X'); // BINUNICODE
        stream.Write(length);
        stream.Write(bytes);
    }

    static void WriteInt(MemoryStream stream, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (value is >= 0 and < 256)
        {
            stream.WriteByte((byte)'K'); // BININT1
            stream.WriteByte((byte)value);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            stream.WriteByte((byte)'J'); // BININT
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            stream.Write(bytes[..4]);
        }
        else
        {
            stream.Write([0x8a, 8]); // LONG1 of 8 bytes
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            stream.Write(bytes);
        }
    }

    static void WriteIntTuple(MemoryStream stream, IEnumerable<long> values)
    {
        stream.WriteByte((byte)'(');
        foreach (long value in values)
        {
            WriteInt(stream, value);
        }

        stream.WriteByte((byte)'t');
    }
}
