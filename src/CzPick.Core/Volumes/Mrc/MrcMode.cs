namespace CzPick.Core.Volumes.Mrc;

/// <summary>The MRC2014 data modes: how one voxel is stored (header word 4).</summary>
public enum MrcMode
{
    /// <summary>Mode 0: signed 8-bit integers.</summary>
    Int8 = 0,

    /// <summary>Mode 1: signed 16-bit integers.</summary>
    Int16 = 1,

    /// <summary>Mode 2: 32-bit IEEE floats, the usual tomogram mode.</summary>
    Float32 = 2,

    /// <summary>Mode 3: complex numbers of two 16-bit integers (Fourier data, not an image).</summary>
    ComplexInt16 = 3,

    /// <summary>Mode 4: complex numbers of two 32-bit floats (Fourier data, not an image).</summary>
    Complex64 = 4,

    /// <summary>Mode 6: unsigned 16-bit integers.</summary>
    UInt16 = 6,

    /// <summary>Mode 12: 16-bit IEEE floats.</summary>
    Float16 = 12,

    /// <summary>Mode 101: 4-bit integers packed two to a byte.</summary>
    Packed4Bit = 101,
}

/// <summary>What CzPick knows about each <see cref="MrcMode"/>.</summary>
static class MrcModes
{
    /// <summary>The modes CzPick reads and writes, as listed in messages.</summary>
    public const string ReadableList = "0 (int8), 1 (int16), 2 (float32), 6 (uint16) or 12 (float16)";

    /// <summary>Tells whether a mode number is defined by MRC2014, readable or not.</summary>
    public static bool IsDefined(MrcMode mode) => mode is MrcMode.Int8 or MrcMode.Int16 or MrcMode.Float32 or
        MrcMode.ComplexInt16 or MrcMode.Complex64 or MrcMode.UInt16 or MrcMode.Float16 or MrcMode.Packed4Bit;

    /// <summary>Tells whether voxels of this mode are real numbers CzPick can convert to float32.</summary>
    public static bool IsReadable(MrcMode mode) =>
        mode is MrcMode.Int8 or MrcMode.Int16 or MrcMode.Float32 or MrcMode.UInt16 or MrcMode.Float16;

    /// <summary>Returns the bytes one voxel takes; only for readable modes.</summary>
    public static int ElementSize(MrcMode mode) => mode switch
    {
        MrcMode.Int8 => 1,
        MrcMode.Int16 or MrcMode.UInt16 or MrcMode.Float16 => 2,
        MrcMode.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Mode {(int)mode} has no real element type."),
    };

    /// <summary>Returns the numpy-style name of a mode's element type, e.g. "float32"; "mode N" when unknown.</summary>
    public static string ElementTypeName(MrcMode mode) => mode switch
    {
        MrcMode.Int8 => "int8",
        MrcMode.Int16 => "int16",
        MrcMode.Float32 => "float32",
        MrcMode.ComplexInt16 => "complex int16",
        MrcMode.Complex64 => "complex64",
        MrcMode.UInt16 => "uint16",
        MrcMode.Float16 => "float16",
        MrcMode.Packed4Bit => "4-bit packed",
        _ => $"mode {(int)mode}",
    };
}
