#!/usr/bin/python3
"""Writes the MRC oracle fixtures with mrcfile (the upstream reader/writer) and numpy.

Run from this folder: /usr/bin/python3 make_fixtures.py
Writes <case>.mrc files and expected.json: for each case, the header facts and every voxel as mrcfile reads it,
converted to float32 and laid out (z, y, x) along the real axes, plus float64 statistics of those values.
Tests compare CzPick's reader against expected.json; they never run Python.
"""
import json
import os
import warnings

import mrcfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPE = (3, 4, 5)  # (nz, ny, nx) as the file stores it: every axis a different length, so mix-ups show
rng = np.random.default_rng(20141)


def values(dtype):
    """A deterministic volume of the given type, with the type's extreme values in it."""
    n = int(np.prod(SHAPE))
    if dtype == np.int8:
        data = rng.integers(-128, 128, n)
        data[:2] = (-128, 127)
    elif dtype == np.int16:
        data = rng.integers(-32768, 32768, n)
        data[:2] = (-32768, 32767)
    elif dtype == np.uint16:
        data = rng.integers(0, 65536, n)
        data[:2] = (0, 65535)
    elif dtype == np.float16:
        data = rng.normal(0, 100, n)
        data[:4] = (65504, -65504, 6e-8, -0.0)  # largest, smallest, a subnormal, negative zero
    else:
        data = rng.normal(1.5, 3.0, n)
        data[:2] = (-1e-30, 12345.678)  # a tiny and a large value, not so large that they swamp the statistics
    return data.astype(dtype).reshape(SHAPE)


def write(name, data, voxel_size=10.012, edit=None):
    path = os.path.join(HERE, name + '.mrc')
    with mrcfile.new(path, overwrite=True) as mrc:
        mrc.set_data(data)
        mrc.voxel_size = voxel_size
        if edit:
            edit(mrc)
    return path


def patch(path, offset, raw):
    """Overwrites bytes of a written file: for faults mrcfile would never write itself."""
    with open(path, 'r+b') as f:
        f.seek(offset)
        f.write(raw)


def expected(name, path, assumed_order=None, axes=(1, 2, 3)):
    """What a correct reader must report, read back through mrcfile (permissively where the stamp is faulty)."""
    with warnings.catch_warnings():
        # Permissive reads warn about the stamp; the fault is deliberate, and recorded as byteOrderAssumed.
        warnings.simplefilter('ignore', RuntimeWarning)
        mrc = mrcfile.open(path, permissive=assumed_order is not None)
    with mrc:
        header = mrc.header
        file_data = np.asarray(mrc.data)
        order = '>' if file_data.dtype.byteorder == '>' else '<'
        if assumed_order is not None:
            # mrcfile falls back to little-endian on a bad stamp; reinterpret the bytes in the order the data has.
            file_data = file_data.view(file_data.dtype.newbyteorder(assumed_order))
            order = assumed_order
        # The file stores (section, row, column); column runs along real axis mapc, and so on. Move each file axis to
        # its real axis to get the (z, y, x) volume.
        mapc, mapr, maps = axes
        volume = np.transpose(file_data, [(maps, mapr, mapc).index(axis) for axis in (3, 2, 1)])
        voxels = volume.astype(np.float32)
        as_double = voxels.astype(np.float64)
        size = mrc.voxel_size
        return {
            'nx': int(header.nx), 'ny': int(header.ny), 'nz': int(header.nz), 'mode': int(header.mode),
            'shape': list(volume.shape),
            'voxelSize': [float(size.x), float(size.y), float(size.z)],
            'byteOrder': 'big' if order == '>' else 'little',
            'byteOrderAssumed': assumed_order is not None,
            'extendedHeaderBytes': int(header.nsymbt),
            'extendedHeaderType': header.exttyp.item().decode('ascii'),
            'axes': list(axes),
            'origin': [float(header.origin.x), float(header.origin.y), float(header.origin.z)],
            'labels': mrc.get_labels(),
            'count': int(voxels.size),
            'min': float(as_double.min()), 'max': float(as_double.max()),
            'mean': float(as_double.mean()), 'std': float(as_double.std()),
            'voxels': [float(v) for v in voxels.ravel()],
        }


def with_axes(mapc, mapr, maps):
    def edit(mrc):
        mrc.header.mapc, mrc.header.mapr, mrc.header.maps = mapc, mapr, maps
    return edit


def main():
    cases = {}
    types = {'mode0_int8': np.int8, 'mode1_int16': np.int16, 'mode2_float32': np.float32,
             'mode6_uint16': np.uint16, 'mode12_float16': np.float16}
    for name, dtype in types.items():
        data = values(dtype)
        cases[name] = expected(name, write(name, data))
        if dtype != np.int8:  # int8 has no byte order of its own
            big = name + '_be'
            cases[big] = expected(big, write(big, data.astype(np.dtype(dtype).newbyteorder('>'))))

    def extended(mrc):
        mrc.set_extended_header(np.frombuffer(bytes(range(96)) * 2, dtype='V1'))
        mrc.header.exttyp = b'MRCO'
        mrc.header.origin = (12.5, -3.0, 100.25)
        mrc.add_label('CzPick fixture: extended header of 192 bytes')
    cases['float32_extended_header'] = expected('float32_extended_header', write('float32_extended_header', values(np.float32), edit=extended))

    # Machine stamps seen in the wild: zeroed on a little-endian file, zeroed on a big-endian one, and a stamp that
    # declares little-endian on big-endian data.
    path = write('float32_stamp_zeroed', values(np.float32))
    patch(path, 212, b'\0\0\0\0')
    cases['float32_stamp_zeroed'] = expected('float32_stamp_zeroed', path, assumed_order='<')
    path = write('int16_be_stamp_zeroed', values(np.int16).astype('>i2'))
    patch(path, 212, b'\0\0\0\0')
    cases['int16_be_stamp_zeroed'] = expected('int16_be_stamp_zeroed', path, assumed_order='>')
    path = write('float32_be_stamp_says_little', values(np.float32).astype('>f4'))
    patch(path, 212, b'\x44\x44\0\0')
    cases['float32_be_stamp_says_little'] = expected('float32_be_stamp_says_little', path, assumed_order='>')

    # Permuted axes: columns along z, rows along x, sections along y (a crystallographic order), and another.
    for axes in ((3, 1, 2), (2, 3, 1)):
        name = 'float32_axes_%d%d%d' % axes
        cases[name] = expected(name, write(name, values(np.float32), edit=with_axes(*axes)), axes=axes)

    # Voxel size from cella / (mx, my, mz) with m different from n, and with m zero (fall back to n).
    def sampling(mrc):
        mrc.header.mx, mrc.header.my, mrc.header.mz = 10, 8, 6
        mrc.header.cella = (50.0, 80.0, 72.0)
    cases['float32_sampling'] = expected('float32_sampling', write('float32_sampling', values(np.float32), edit=sampling))

    def no_sampling(mrc):
        mrc.header.mx, mrc.header.my, mrc.header.mz = 0, 0, 0
        mrc.header.cella = (37.5, 30.0, 22.5)
    path = write('float32_sampling_zero', values(np.float32), edit=no_sampling)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)  # mrcfile's voxel_size divides by m = 0
        case = expected('float32_sampling_zero', path)
    case['voxelSize'] = [37.5 / 5, 30.0 / 4, 22.5 / 3]  # mrcfile divides by m = 0; a reader falls back to n
    cases['float32_sampling_zero'] = case

    # Fourier data, which a reader must refuse.
    write('mode4_complex64', (values(np.float32) + 1j * values(np.float32)).astype(np.complex64))

    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(cases, f, indent=1)
        f.write('\n')
    print('wrote %d cases and mode4_complex64.mrc with mrcfile %s, numpy %s' % (len(cases), mrcfile.__version__, np.__version__))


if __name__ == '__main__':
    main()
