using System.Buffers.Binary;
using System.Text;

namespace CzPick.Inference.Torch;

/// <summary>A Python dict (or OrderedDict) from a pickle, its items in insertion order.</summary>
sealed class PickleDict
{
    /// <summary>Gets the items in insertion order.</summary>
    public List<KeyValuePair<object?, object?>> Items { get; } = [];

    /// <summary>Returns the value of a string key, or null when absent.</summary>
    public object? Get(string key) => this.Items.FirstOrDefault(item => item.Key is string text && text == key).Value;
}

/// <summary>A Python global the reader allows (<c>module.name</c>); never resolved to code, only recognized.</summary>
/// <param name="Module">The module.</param>
/// <param name="Name">The name in the module.</param>
sealed record PickleGlobal(string Module, string Name)
{
    /// <inheritdoc/>
    public override string ToString() => $"{this.Module}.{this.Name}";
}

/// <summary>
/// A safe unpickler for PyTorch state dicts (protocols 2 to 5). Like <c>torch.load(weights_only=True)</c> it
/// recognizes only the globals a state dict needs: <c>collections.OrderedDict</c>, the tensor and parameter
/// rebuilders of <c>torch._utils</c>, and the storage classes named in persistent ids. Any other global is refused
/// by name; nothing is ever executed.
/// </summary>
sealed class PickleReader
{
    static readonly HashSet<string> AllowedFunctions = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
    };

    static readonly object Mark = new();

    readonly byte[] data;
    readonly string source;
    readonly Func<object?[], TorchStorage> loadStorage;
    readonly List<object?> stack = [];
    readonly Stack<int> marks = new();
    readonly Dictionary<long, object?> memo = [];
    int position;

    PickleReader(byte[] data, string source, Func<object?[], TorchStorage> loadStorage)
    {
        this.data = data;
        this.source = source;
        this.loadStorage = loadStorage;
    }

    /// <summary>Reads one pickled object.</summary>
    /// <param name="data">The pickle stream (data.pkl).</param>
    /// <param name="source">The file, named in errors.</param>
    /// <param name="loadStorage">Resolves a persistent id ('storage', class, key, location, numel) to its storage.</param>
    /// <returns>The object: dicts, lists, tuples (object?[]), strings, longs, doubles, bools, null, bytes, tensors.</returns>
    /// <exception cref="TorchFormatException">The stream is malformed or refers to a global it does not allow.</exception>
    public static object? Load(byte[] data, string source, Func<object?[], TorchStorage> loadStorage) =>
        new PickleReader(data, source, loadStorage).Run();

    object? Run()
    {
        while (true)
        {
            int offset = this.position;
            byte opcode = this.ReadByte();
            switch (opcode)
            {
                case 0x80: // PROTO
                    byte protocol = this.ReadByte();
                    if (protocol > 5)
                    {
                        throw this.Error($"uses pickle protocol {protocol}; expected 2 to 5");
                    }

                    break;
                case 0x95: // FRAME: a length hint only
                    this.Take(8);
                    break;
                case (byte)'.': // STOP
                    return this.Pop();
                case (byte)'(': // MARK
                    this.marks.Push(this.stack.Count);
                    this.stack.Add(Mark);
                    break;
                case (byte)'0': // POP
                    this.Pop();
                    break;
                case (byte)'1': // POP_MARK
                    this.PopToMark();
                    break;
                case (byte)'2': // DUP
                    this.Push(this.Peek());
                    break;
                case (byte)'N':
                    this.Push(null);
                    break;
                case 0x88: // NEWTRUE
                    this.Push(true);
                    break;
                case 0x89: // NEWFALSE
                    this.Push(false);
                    break;
                case (byte)'J': // BININT
                    this.Push((long)BinaryPrimitives.ReadInt32LittleEndian(this.Take(4)));
                    break;
                case (byte)'K': // BININT1
                    this.Push((long)this.ReadByte());
                    break;
                case (byte)'M': // BININT2
                    this.Push((long)BinaryPrimitives.ReadUInt16LittleEndian(this.Take(2)));
                    break;
                case 0x8a: // LONG1
                    this.Push(this.ReadLong(this.ReadByte()));
                    break;
                case 0x8b: // LONG4
                    this.Push(this.ReadLong(this.ReadLength(4)));
                    break;
                case (byte)'G': // BINFLOAT, big-endian
                    this.Push(BinaryPrimitives.ReadDoubleBigEndian(this.Take(8)));
                    break;
                case (byte)'X': // BINUNICODE
                    this.Push(Encoding.UTF8.GetString(this.Take(this.ReadLength(4))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    this.Push(Encoding.UTF8.GetString(this.Take(this.ReadByte())));
                    break;
                case 0x8d: // BINUNICODE8
                    this.Push(Encoding.UTF8.GetString(this.Take(this.ReadLength(8))));
                    break;
                case (byte)'U': // SHORT_BINSTRING (a Python 2 str)
                    this.Push(Encoding.Latin1.GetString(this.Take(this.ReadByte())));
                    break;
                case (byte)'T': // BINSTRING
                    this.Push(Encoding.Latin1.GetString(this.Take(this.ReadLength(4))));
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    this.Push(this.Take(this.ReadByte()).ToArray());
                    break;
                case (byte)'B': // BINBYTES
                    this.Push(this.Take(this.ReadLength(4)).ToArray());
                    break;
                case 0x8e: // BINBYTES8
                    this.Push(this.Take(this.ReadLength(8)).ToArray());
                    break;
                case (byte)')': // EMPTY_TUPLE
                    this.Push(Array.Empty<object?>());
                    break;
                case (byte)'t': // TUPLE
                    this.Push(this.PopToMark().ToArray());
                    break;
                case 0x85: // TUPLE1
                case 0x86: // TUPLE2
                case 0x87: // TUPLE3
                    int count = opcode - 0x84;
                    object?[] tuple = new object?[count];
                    for (int index = count - 1; index >= 0; index--)
                    {
                        tuple[index] = this.Pop();
                    }

                    this.Push(tuple);
                    break;
                case (byte)']': // EMPTY_LIST
                    this.Push(new List<object?>());
                    break;
                case (byte)'l': // LIST
                    this.Push(this.PopToMark());
                    break;
                case (byte)'a': // APPEND
                    object? item = this.Pop();
                    this.PeekAs<List<object?>>("APPEND").Add(item);
                    break;
                case (byte)'e': // APPENDS
                    List<object?> items = this.PopToMark();
                    this.PeekAs<List<object?>>("APPENDS").AddRange(items);
                    break;
                case 0x8f: // EMPTY_SET
                    this.Push(new List<object?>());
                    break;
                case 0x90: // ADDITEMS
                    List<object?> added = this.PopToMark();
                    this.PeekAs<List<object?>>("ADDITEMS").AddRange(added);
                    break;
                case 0x91: // FROZENSET
                    this.Push(this.PopToMark());
                    break;
                case (byte)'}': // EMPTY_DICT
                    this.Push(new PickleDict());
                    break;
                case (byte)'d': // DICT
                    PickleDict dict = new();
                    AddPairs(dict, this.PopToMark());
                    this.Push(dict);
                    break;
                case (byte)'s': // SETITEM
                    object? value = this.Pop();
                    object? key = this.Pop();
                    this.PeekAs<PickleDict>("SETITEM").Items.Add(new(key, value));
                    break;
                case (byte)'u': // SETITEMS
                    List<object?> pairs = this.PopToMark();
                    AddPairs(this.PeekAs<PickleDict>("SETITEMS"), pairs);
                    break;
                case (byte)'c': // GLOBAL
                    this.Push(this.Global(this.ReadLine(), this.ReadLine(), offset));
                    break;
                case 0x93: // STACK_GLOBAL
                    string name = this.PopAs<string>("STACK_GLOBAL");
                    string module = this.PopAs<string>("STACK_GLOBAL");
                    this.Push(this.Global(module, name, offset));
                    break;
                case (byte)'R': // REDUCE
                    object?[] arguments = this.PopAs<object?[]>("REDUCE");
                    this.Push(this.Call(this.PopAs<PickleGlobal>("REDUCE"), arguments, offset));
                    break;
                case 0x81: // NEWOBJ
                    object?[] newArguments = this.PopAs<object?[]>("NEWOBJ");
                    this.Push(this.Call(this.PopAs<PickleGlobal>("NEWOBJ"), newArguments, offset));
                    break;
                case (byte)'b': // BUILD
                    this.Build(this.Pop(), offset);
                    break;
                case (byte)'Q': // BINPERSID
                    object?[] persistentId = this.PopAs<object?[]>("BINPERSID");
                    this.Push(this.loadStorage(persistentId));
                    break;
                case (byte)'q': // BINPUT
                    this.memo[this.ReadByte()] = this.Peek();
                    break;
                case (byte)'r': // LONG_BINPUT
                    this.memo[BinaryPrimitives.ReadUInt32LittleEndian(this.Take(4))] = this.Peek();
                    break;
                case 0x94: // MEMOIZE
                    this.memo[this.memo.Count] = this.Peek();
                    break;
                case (byte)'h': // BINGET
                    this.Push(this.Recall(this.ReadByte(), offset));
                    break;
                case (byte)'j': // LONG_BINGET
                    this.Push(this.Recall(BinaryPrimitives.ReadUInt32LittleEndian(this.Take(4)), offset));
                    break;
                default:
                    throw this.Error($"has pickle opcode 0x{opcode:x2} at byte {offset}, which a PyTorch state dict does not use");
            }
        }
    }

    static void AddPairs(PickleDict dict, List<object?> flat)
    {
        for (int index = 0; index + 1 < flat.Count; index += 2)
        {
            dict.Items.Add(new(flat[index], flat[index + 1]));
        }
    }

    PickleGlobal Global(string module, string name, int offset)
    {
        PickleGlobal global = new(module, name);
        bool isStorageClass = module == "torch" && TorchDataTypes.FromStorageClass(name) is not null;
        if (!isStorageClass && !AllowedFunctions.Contains(global.ToString()))
        {
            throw this.Error(
                $"refers to the Python global '{global}' (byte {offset}), which a weights file does not need; " +
                "CzPick reads only tensors and plain containers, as torch.load(weights_only=True) does. " +
                "Save just the weights: torch.save(model.state_dict(), path)");
        }

        return global;
    }

    object? Call(PickleGlobal function, object?[] arguments, int offset)
    {
        switch (function.ToString())
        {
            case "collections.OrderedDict" when arguments.Length == 0:
                return new PickleDict();
            case "torch._utils._rebuild_tensor" or "torch._utils._rebuild_tensor_v2" when arguments.Length >= 4:
                return this.RebuildTensor(arguments, offset);
            case "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" when arguments.Length >= 1 && arguments[0] is TorchTensor:
                return arguments[0];
            default:
                throw this.Error($"calls {function} with {arguments.Length} arguments at byte {offset}, which is not how torch.save writes it");
        }
    }

    TorchTensor RebuildTensor(object?[] arguments, int offset)
    {
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (arguments[0] is not TorchStorage storage || arguments[1] is not long storageOffset ||
            arguments[2] is not object?[] size || arguments[3] is not object?[] stride ||
            size.Length != stride.Length || size.Any(e => e is not long) || stride.Any(e => e is not long))
        {
            throw this.Error($"has a tensor at byte {offset} whose storage, offset, size or stride is malformed");
        }

        int[] shape = [.. size.Select(e => (long)e! is >= 0 and <= int.MaxValue ? (int)(long)e! : -1)];
        long[] strides = [.. stride.Select(e => (long)e!)];
        long elementCount = shape.Aggregate(1L, (product, extent) => product * extent);
        if (storageOffset < 0 || shape.Any(e => e < 0) || strides.Any(s => s < 0))
        {
            throw this.Error($"has a tensor at byte {offset} with a negative offset, extent or stride");
        }

        long last = storageOffset + shape.Select((extent, axis) => (long)Math.Max(extent - 1, 0) * strides[axis]).Sum();
        if (elementCount > 0 && last >= storage.ElementCount)
        {
            throw this.Error(
                $"has a tensor of shape {TorchTensor.FormatShape(shape)} with strides ({string.Join(", ", strides)}) at offset {storageOffset} " +
                $"that reaches element {last}, but its storage '{storage.Key}' holds only {storage.ElementCount} elements");
        }

        return new TorchTensor(storage, storageOffset, shape, strides);
    }

    void Build(object? state, int offset)
    {
        switch (this.Peek())
        {
            case PickleDict:
                // OrderedDict state: module attributes such as state_dict()'s _metadata (versions); not needed.
                break;
            case TorchTensor when state is null or PickleDict or object[]:
                // Tensor state (requires_grad, hooks, subclass attributes): not needed for weights.
                break;
            default:
                throw this.Error($"sets the state of a {this.Peek()?.GetType().Name ?? "None"} at byte {offset}, which a state dict does not do");
        }
    }

    object? Recall(long index, int offset) =>
        this.memo.TryGetValue(index, out object? value) ? value : throw this.Error($"reads memo entry {index} at byte {offset}, which was never stored");

    long ReadLong(int length)
    {
        if (length > 8)
        {
            throw this.Error($"has an integer of {length} bytes; expected at most 8");
        }

        ReadOnlySpan<byte> bytes = this.Take(length);
        long value = 0;
        for (int index = length - 1; index >= 0; index--)
        {
            value = (value << 8) | bytes[index];
        }

        // Two's complement: sign-extend from the top bit of the last byte.
        return length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0 ? value - (1L << (8 * length)) : value;
    }

    int ReadLength(int width)
    {
        ulong length = width switch
        {
            4 => BinaryPrimitives.ReadUInt32LittleEndian(this.Take(4)),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(this.Take(8)),
        };
        if (length > (ulong)(this.data.Length - this.position))
        {
            throw this.Error($"declares {length} bytes at byte {this.position} but only {this.data.Length - this.position} remain: the pickle is truncated");
        }

        return (int)length;
    }

    string ReadLine()
    {
        int end = Array.IndexOf(this.data, (byte)'\n', this.position);
        if (end < 0)
        {
            throw this.Error("ends inside a GLOBAL opcode: the pickle is truncated");
        }

        string line = Encoding.UTF8.GetString(this.data, this.position, end - this.position);
        this.position = end + 1;
        return line;
    }

    byte ReadByte() => this.Take(1)[0];

    ReadOnlySpan<byte> Take(int count)
    {
        if (count > this.data.Length - this.position)
        {
            throw this.Error($"ends at byte {this.data.Length} before its STOP opcode: the pickle is truncated");
        }

        ReadOnlySpan<byte> span = this.data.AsSpan(this.position, count);
        this.position += count;
        return span;
    }

    void Push(object? value) => this.stack.Add(value);

    object? Peek() => this.stack.Count > 0 && this.stack[^1] != Mark
        ? this.stack[^1]
        : throw this.Error($"reads an empty stack at byte {this.position}: the pickle is malformed");

    object? Pop()
    {
        object? value = this.Peek();
        this.stack.RemoveAt(this.stack.Count - 1);
        return value;
    }

    T PeekAs<T>(string opcode) => this.Peek() is T value
        ? value
        : throw this.Error($"applies {opcode} to a {this.Peek()?.GetType().Name ?? "None"} at byte {this.position}: the pickle is malformed");

    T PopAs<T>(string opcode)
    {
        T value = this.PeekAs<T>(opcode);
        this.Pop();
        return value;
    }

    List<object?> PopToMark()
    {
        if (this.marks.Count == 0)
        {
            throw this.Error($"closes a MARK that was never opened at byte {this.position}: the pickle is malformed");
        }

        int start = this.marks.Pop();
        List<object?> items = this.stack.GetRange(start + 1, this.stack.Count - start - 1);
        this.stack.RemoveRange(start, this.stack.Count - start);
        return items;
    }

    TorchFormatException Error(string problem) => new(this.source, $"data.pkl {problem}");
}
