#!/usr/bin/python3
"""Proves that files written by CzPick's MrcWriter are MRC2014 as mrcfile understands it.

Reads every file in written/ (made by MrcWriterTests with CZPICK_REGENERATE_FIXTURES=1) with mrcfile in strict
mode, runs mrcfile's validate() (format ID, machine stamp, mode, dimensions, axes, labels, version, header
statistics against the data), and compares the voxels with the same pattern computed here with numpy.
Run from this folder: /usr/bin/python3 check_written.py
"""
import io
import os
import sys

import mrcfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPE = (3, 4, 5)
i = np.arange(int(np.prod(SHAPE)), dtype=np.int64)
PATTERNS = {  # MrcWriterTests.Pattern, computed independently
    0: ((i * 37 % 256) - 128).astype(np.int8),
    1: ((i * 1103 % 65536) - 32768).astype(np.int16),
    6: (i * 1103 % 65536).astype(np.uint16),
    12: ((i - 30) * 0.3).astype(np.float32).astype(np.float16),
    2: ((i * i).astype(np.float32) - np.float32(29.5) * i.astype(np.float32)) / np.float32(8),
}

failures = 0
for mode, expected in sorted(PATTERNS.items()):
    path = os.path.join(HERE, 'written', 'mode%d.mrc' % mode)
    report = io.StringIO()
    valid = mrcfile.validate(path, print_file=report)
    with mrcfile.open(path) as mrc:
        same = mrc.data.dtype == expected.dtype and np.array_equal(mrc.data, expected.reshape(SHAPE))
        size = mrc.voxel_size
        labels = mrc.get_labels()
    ok = valid and same
    failures += not ok
    print('%-10s validate=%s data=%s voxel_size=(%.3f, %.3f, %.3f) labels=%s %s' % (
        os.path.basename(path), valid, 'equal' if same else 'DIFFERENT', size.x, size.y, size.z, labels,
        ' '.join(report.getvalue().strip().splitlines()[1:])))
print('mrcfile %s: %s' % (mrcfile.__version__, 'all files valid' if failures == 0 else '%d files FAILED' % failures))
sys.exit(1 if failures else 0)
