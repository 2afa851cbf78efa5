# Compares two --format=json reports of the same sources, the second run
# after SHIFT lines were added at the top of every file: each finding must
# have moved by SHIFT lines and kept its fingerprint.
#
#   moved.py BEFORE AFTER SHIFT
import json
import sys

before, after = (json.load(open(p))["findings"] for p in sys.argv[1:3])
shift = int(sys.argv[3])
bad = len(before) != len(after)
for b, a in zip(before, after):
    moved = a["access"]["line"] - b["access"]["line"]
    same = a["fingerprint"] == b["fingerprint"]
    print("%s moved %d, fingerprint %s" % (b["fingerprint"], moved,
                                           "kept" if same else "changed"))
    bad = bad or moved != shift or not same
sys.exit(1 if bad or not before else 0)
