#!/usr/bin/python3
"""Writes the Zarr fixtures of CzPick.Core.Tests with the zarr library itself (Debian python3-zarr 2.13,
python3-numcodecs 0.11, libblosc1 1.21), and expected.json with the statistics numpy computes from the same arrays.

Run from anywhere: /usr/bin/python3 tests/CzPick.Core.Tests/Fixtures/zarr/make_fixtures.py
With --benchmark PATH it instead writes a data-portal-sized store (184x630x630 float32, 256^3 chunks, blosc lz4 +
byte shuffle) at PATH for measuring read throughput; that store is not committed.
"""

import json
import os
import shutil
import sys

import mrcfile
import numcodecs
import numpy as np
import zarr

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPE = (13, 17, 19)
# 13 = 7 + 6, 17 = 9 + 8, 19 = 10 + 9: every axis ends in a partial edge chunk; 630 elements per chunk, not a
# multiple of 8, so a bit-shuffled leftover blosc block is copied as is.
CHUNKS = (7, 9, 10)
# 1024-byte blosc blocks: several blocks per chunk and a shorter leftover block for zstd (blosc enlarges the blocks of
# the codecs it splits, blosclz, lz4 and zlib, to at least 64 KiB; see LARGE_CHUNK).
BLOCKSIZE = 1024
# One 82,212-byte chunk: a split 64 KiB block (a forced 16 KiB block times the type size) plus an unsplit leftover
# block of 4,169 elements (not a multiple of 8). Quantized to 1/64 so that the low bytes compress too.
LARGE_SHAPE = (17, 31, 39)
VOXEL_SIZE = 10.012

expected = {}


def volume(shape, seed):
    """A smooth pattern plus noise: compressible high bytes, noisy low bytes, like a tomogram."""
    z, y, x = np.meshgrid(*[np.arange(n, dtype=np.float64) for n in shape], indexing="ij")
    smooth = np.sin(z / 3.0) + np.cos(y / 4.0) * np.sin(x / 5.0)
    noise = np.random.RandomState(seed).normal(0.0, 0.25, size=shape)
    return smooth + noise


def as_dtype(values, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return values.astype(dtype)
    info = np.iinfo(dtype)
    span = min(info.max, 3000)
    low = max(info.min, -span)
    scaled = (values - values.min()) / (values.max() - values.min()) * (span - low) + low
    return np.round(scaled).astype(dtype)


def record(name, data, extra=None):
    """Statistics of the array as float32 (what the reader returns), in float64 like CzPick's accumulator."""
    values = data.astype(np.float32).astype(np.float64)
    flat = values.ravel()
    weights = (np.arange(flat.size) % 97) + 1
    points = []
    shape = values.shape
    for index in [(0, 0, 0), tuple(n - 1 for n in shape), (shape[0] // 2, shape[1] - 1, 0), (shape[0] - 1, 3, shape[2] // 2)]:
        points.append({"z": int(index[0]), "y": int(index[1]), "x": int(index[2]), "value": float(values[index])})
    entry = {
        "shape": list(shape),
        "min": float(flat.min()),
        "max": float(flat.max()),
        "mean": float(flat.mean()),
        "std": float(flat.std()),
        # A position-sensitive checksum: catches transposed axes or misplaced chunks that the statistics miss.
        "weighted_sum": float(np.dot(flat, weights)),
        "voxels": points,
    }
    if extra:
        entry.update(extra)
    expected[name] = entry


def fresh(name):
    path = os.path.join(HERE, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def write_array(name, data, compressor, chunks=CHUNKS, **kwargs):
    path = fresh(name)
    array = zarr.open_array(path, mode="w", shape=data.shape, chunks=chunks, dtype=data.dtype,
                            compressor=compressor, **kwargs)
    array[...] = data
    round_trip = zarr.open_array(path, mode="r")[...]
    assert np.array_equal(round_trip, data, equal_nan=True), name
    return path


def codec_matrix():
    data = volume(SHAPE, seed=1).astype("<f4")
    for cname in ["lz4", "lz4hc", "zstd", "blosclz", "zlib"]:
        for shuffle, label in [(numcodecs.Blosc.NOSHUFFLE, "noshuffle"), (numcodecs.Blosc.SHUFFLE, "shuffle"),
                               (numcodecs.Blosc.BITSHUFFLE, "bitshuffle")]:
            name = f"blosc-{cname}-{label}.zarr"
            write_array(name, data, numcodecs.Blosc(cname=cname, clevel=5, shuffle=shuffle, blocksize=BLOCKSIZE))
            record(name, data)
    large = (np.round(volume(LARGE_SHAPE, seed=7) * 64) / 64).astype("<f4")
    for cname in ["lz4", "blosclz"]:
        for shuffle, label in [(numcodecs.Blosc.SHUFFLE, "shuffle"), (numcodecs.Blosc.BITSHUFFLE, "bitshuffle")]:
            name = f"blosc-{cname}-{label}-large.zarr"
            write_array(name, large, numcodecs.Blosc(cname=cname, clevel=5, shuffle=shuffle, blocksize=16384),
                        chunks=LARGE_SHAPE)
            record(name, large)
    # Automatic block size (one block per chunk), as zarr's default compressor writes.
    name = "blosc-lz4-auto.zarr"
    write_array(name, data, numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE))
    record(name, data)
    # Pure noise: blosc gives up compressing and stores the chunk as a plain copy (the memcpyed flag).
    noise = np.random.RandomState(5).uniform(-1, 1, size=SHAPE).astype("<f4")
    name = "blosc-blosclz-incompressible.zarr"
    write_array(name, noise, numcodecs.Blosc(cname="blosclz", clevel=9, shuffle=numcodecs.Blosc.NOSHUFFLE))
    record(name, noise)
    # Chunks below blosc's 128-byte minimum are always stored as plain copies too.
    tiny = as_dtype(volume(SHAPE, seed=6), "|i1")
    name = "blosc-tiny-chunks.zarr"
    write_array(name, tiny, numcodecs.Blosc(cname="zstd", shuffle=numcodecs.Blosc.BITSHUFFLE), chunks=(4, 4, 4))
    record(name, tiny)
    for name, compressor in [("none.zarr", None), ("zlib.zarr", numcodecs.Zlib(level=5)),
                             ("gzip.zarr", numcodecs.GZip(level=5)), ("zstd.zarr", numcodecs.Zstd(level=3)),
                             ("lz4.zarr", numcodecs.LZ4())]:
        write_array(name, data, compressor)
        record(name, data)
    # Snappy inside blosc: a real store CzPick refuses with a message naming the codec.
    write_array("blosc-snappy.zarr", data, numcodecs.Blosc(cname="snappy", shuffle=numcodecs.Blosc.SHUFFLE))


def dtype_matrix():
    base = volume(SHAPE, seed=2)
    for dtype in ["<f2", "<i2", "|i1", "<u2", "|u1", ">f4", ">i2", ">u2"]:
        data = as_dtype(base, dtype)
        for shuffle, label in [(numcodecs.Blosc.SHUFFLE, "shuffle"), (numcodecs.Blosc.BITSHUFFLE, "bitshuffle")]:
            name = f"dtype-{np.dtype(dtype).str.replace('<', 'le-').replace('>', 'be-').replace('|', '')}-{label}.zarr"
            write_array(name, data, numcodecs.Blosc(cname="lz4", shuffle=shuffle, blocksize=BLOCKSIZE))
            record(name, data, {"dtype": np.dtype(dtype).str})


def fill_value_store():
    data = volume(SHAPE, seed=3).astype("<f4")
    # The chunk at (1, 0, 1) is all fill value; zarr skips writing it, so the reader must fill it in.
    data[7:13, 0:9, 10:19] = -7.5
    name = "missing-chunk.zarr"
    path = write_array(name, data, numcodecs.Blosc(cname="lz4", shuffle=numcodecs.Blosc.SHUFFLE),
                       fill_value=-7.5, write_empty_chunks=False)
    assert not os.path.exists(os.path.join(path, "1.0.1")), "zarr wrote the empty chunk"
    record(name, data)


def downsample(data):
    """2x mean binning, cropping an odd edge, as a pyramid writer does."""
    z, y, x = (n // 2 * 2 for n in data.shape)
    d = data[:z, :y, :x]
    return d.reshape(z // 2, 2, y // 2, 2, x // 2, 2).mean(axis=(1, 3, 5)).astype(data.dtype)


def multiscales(levels, unit="angstrom", voxel_size=VOXEL_SIZE):
    axes = [{"name": axis, "type": "space"} for axis in "zyx"]
    if unit is not None:
        for axis in axes:
            axis["unit"] = unit
    return [{
        "version": "0.4",
        "name": "tomogram",
        "axes": axes,
        "datasets": [{"path": str(level),
                      "coordinateTransformations": [{"type": "scale", "scale": [voxel_size * 2 ** level] * 3}]}
                     for level in range(levels)],
        "metadata": {"description": "CzPick test fixture"},
    }]


def ome_store(name, data, consolidated=False, nested=False, unit="angstrom", voxel_size=VOXEL_SIZE):
    # voxel_size is in the axes' unit; expected.json records every level's voxel size in Å, VOXEL_SIZE × 2^level.
    """A tomogram laid out the way the CryoET Data Portal and copick write it: levels 0, 1, 2, axes z, y, x."""
    path = fresh(name)
    store = zarr.NestedDirectoryStore(path) if nested else zarr.DirectoryStore(path)
    group = zarr.group(store=store, overwrite=True)
    level = data
    for index in range(3):
        array = group.create_dataset(str(index), shape=level.shape, chunks=(8, 16, 16), dtype=level.dtype,
                                     compressor=numcodecs.Blosc(cname="zstd", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE))
        array[...] = level
        record(f"{name}/{index}", level, {"voxel_size": VOXEL_SIZE * 2 ** index})
        level = downsample(level)
    group.attrs["multiscales"] = multiscales(3, unit, voxel_size)
    if consolidated:
        zarr.consolidate_metadata(store)
    return path


def ome_stores():
    data = volume((16, 24, 28), seed=4).astype("<f4")
    ome_store("TS_demo.zarr", data)
    ome_store("TS_consolidated.zarr", data, consolidated=True)
    ome_store("TS_nested.zarr", data, nested=True)
    ome_store("TS_nanometer.zarr", data, unit="nanometer", voxel_size=VOXEL_SIZE / 10)
    ome_store("TS_nounit.zarr", data, unit=None)
    # The same level-0 volume as an MRC file, written by mrcfile: both must read to identical voxels.
    with mrcfile.new(os.path.join(HERE, "TS_demo.mrc"), overwrite=True) as mrc:
        mrc.set_data(data)
        mrc.voxel_size = VOXEL_SIZE


def benchmark_store(path):
    shutil.rmtree(path, ignore_errors=True)
    shape = (184, 630, 630)
    data = np.random.RandomState(9).normal(0, 1, size=shape).astype("<f4")
    data += volume(shape, seed=10).astype("<f4")
    group = zarr.group(store=zarr.DirectoryStore(path), overwrite=True)
    array = group.create_dataset("0", shape=shape, chunks=(256, 256, 256), dtype="<f4",
                                 compressor=numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE))
    array[...] = data
    group.attrs["multiscales"] = multiscales(1)
    flat = data.astype(np.float64).ravel()
    print(json.dumps({"mean": flat.mean(), "std": flat.std(), "min": float(flat.min()), "max": float(flat.max())}))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--benchmark":
        benchmark_store(sys.argv[2])
        return
    codec_matrix()
    dtype_matrix()
    fill_value_store()
    ome_stores()
    expected["_provenance"] = {"zarr": zarr.__version__, "numcodecs": numcodecs.__version__,
                               "blosc": numcodecs.blosc.VERSION_STRING, "numpy": np.__version__,
                               "mrcfile": mrcfile.__version__}
    with open(os.path.join(HERE, "expected.json"), "w") as handle:
        json.dump(expected, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
