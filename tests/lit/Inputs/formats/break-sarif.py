# Writes a copy of a SARIF log broken in one way, for the test that shows
# the validator harness (check-sarif-validator.py) catches it.
#
#   break-sarif.py MODE IN OUT
#   level     the first result's level is "bogus" (not in the enum)
#   property  the first result has a property SARIF does not define
#   uri       the first result's file URI is not a URI reference
#   schema    no "$schema" (GitHub's upload rules require it: GH1013)
import json
import sys

mode, src, dst = sys.argv[1:]
log = json.load(open(src))
r = log["runs"][0]["results"][0]
if mode == "level":
    r["level"] = "bogus"
elif mode == "property":
    r["severity"] = "high"
elif mode == "uri":
    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = \
        "corpus\\nvhe\\seeded c"
elif mode == "schema":
    del log["$schema"]
else:
    sys.exit("break-sarif: unknown mode " + mode)
json.dump(log, open(dst, "w"), indent=2)
