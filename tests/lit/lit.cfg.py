# lit configuration for isbcheck's scenario tests.
import os

import lit.formats

config.name = "isbcheck"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.test_source_root, "Output")

root = os.path.dirname(os.path.dirname(config.test_source_root))
filecheck = os.environ.get("FILECHECK", "/usr/lib/llvm-19/bin/FileCheck")
clang = os.environ.get("CLANG", "/usr/bin/clang-19")
sparse = os.environ.get("SPARSE", "/usr/bin/sparse")

config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(filecheck), os.environ.get("PATH", "")])
config.environment["LC_ALL"] = "C"
# The tests' own trees (under Output/) are not part of this repository's
# git work tree, as a user's tree outside git is not: isbcheck's default
# source root, and git apply, look no further up than Output/.
config.environment["GIT_CEILING_DIRECTORIES"] = config.test_exec_root

# A test runs in its own temporary directory; %root is the repository.
# ninja test-asan points ISBCHECK at the sanitized build
isbcheck = os.environ.get("ISBCHECK", os.path.join(root, "bin", "isbcheck"))
config.substitutions.append(("%isbcheck", isbcheck))
for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
config.substitutions.append(("%root", root))
config.substitutions.append(("%corpus", os.path.join(root, "corpus")))
# What the corpus expects, counted from its own "expect:" comments (so a
# test of the whole corpus names no number that a new case would change)
# and its objects: %nexpect findings (one per cause), %naccesses accesses
# (an id ending in "+" is one more access of an earlier finding).
import re
def corpus_counts():
    findings, accesses, objects = 0, 0, 0
    for d, _, names in os.walk(os.path.join(root, "corpus")):
        for n in names:
            if n.endswith((".c", ".h", ".S")):
                with open(os.path.join(d, n), errors="replace") as f:
                    for ids in re.findall(r"/\* expect:([^*]*)\*/", f.read()):
                        for i in re.findall(r"[A-Za-z0-9_-]+\+?", ids):
                            accesses += 1
                            findings += not i.endswith("+")
            objects += n.endswith((".c", ".S"))
    return findings, accesses, objects
nexpect, naccesses, nobjects = corpus_counts()
config.substitutions.append(("%naccesses", str(naccesses)))
config.substitutions.append(("%nexpect", str(nexpect)))
config.substitutions.append(("%nobjects", str(nobjects)))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%clang", clang))
config.substitutions.append(("%sparse", sparse))
config.substitutions.append(("%FileCheck", filecheck))
# Flags for the scenario sources: the corpus headers, as a VHE or nVHE object.
common = "--target=aarch64-linux-gnu -ffreestanding -nostdinc -I%s" % os.path.join(root, "corpus", "include")
config.substitutions.append(("%vhe", common + " -D__KVM_VHE_HYPERVISOR__"))
config.substitutions.append(("%nvhe", common + " -D__KVM_NVHE_HYPERVISOR__"))
# The npm test tools (ninja test-tools installs them): the SARIF validator
# and the browser driver; Debian's chromium; python3 with jsonschema.
tools = os.path.join(root, "tests", "tools", "node_modules")
# Microsoft's SARIF validator with its own rules ("Sarif") and GitHub code
# scanning's upload rules ("Gh"), the schema, and notes kept: a log it
# read always has some (see check-sarif-validator.py).  The npm wrapper
# runs the tool through a shell: the lists are quoted twice.
config.substitutions.append(("%sarif-validate", " ".join([
    os.path.join(tools, ".bin", "sarif-multitool"), "validate",
    "--rule-kind", "'\"Sarif;Gh\"'", "--level", "'\"Error;Warning;Note\"'",
    "--json-schema", os.path.join(tools, "@microsoft", "sarif-multitool-linux",
                                  "sarif-2.1.0.json")])))
config.substitutions.append(("%tools", tools))
config.substitutions.append(("%python", os.environ.get("PYTHON", "/usr/bin/python3")))
config.substitutions.append(("%chromium", "/usr/bin/chromium"))
config.environment["HOME"] = os.environ.get("HOME", "/tmp")
config.environment["UPDATE_SCREENSHOTS"] = os.environ.get("UPDATE_SCREENSHOTS", "")
