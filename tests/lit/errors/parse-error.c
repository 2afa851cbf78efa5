// A TU that does not parse cleanly is still analysed as far as it can be,
// with a warning, and the finding after the error is still reported; but
// the run is not clean: the error may hide findings, so the exit status is
// 2 and the reports say which file and why.  --allow-incomplete keeps the
// status to that of the findings; under Kbuild it is 0 unless --fail-build.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs > %t.out 2>%t.err; test $? -eq 2
// RUN: %FileCheck --check-prefix=ERR %s < %t.err
// RUN: %FileCheck %s < %t.out
// ERR: parse-error.c:{{[0-9]+}}:9: error: use of undeclared identifier 'no_such_thing'
// ERR: parse-error.c: warning: 1 error while parsing; analysing what could be parsed
// ERR: isbcheck: error: 1 file not fully analysed (see the warnings above); exit status 2 (--allow-incomplete keeps 0 or 1)
//
// RUN: %isbcheck --allow-incomplete %s -- --target=aarch64-linux-gnu -I%inputs > %t.allow 2>%t.allow.err; test $? -eq 1
// RUN: diff %t.out %t.allow
// RUN: %FileCheck --check-prefix=ALLOW %s < %t.allow.err
// ALLOW: isbcheck: warning: 1 file not fully analysed (see the warnings above); --allow-incomplete keeps the exit status 0 or 1
//
// Called like a compiler (Kbuild), as sparse: printed, the build goes on.
// RUN: cd %S && %isbcheck --target=aarch64-linux-gnu -I%inputs -c parse-error.c > %t.kb 2>%t.kb.err; test $? -eq 0
// RUN: %FileCheck --check-prefix=KB %s < %t.kb.err
// KB: parse-error.c:{{[0-9]+}}:9: error: use of undeclared identifier 'no_such_thing'
// KB-NOT: not fully analysed
// RUN: cd %S && %isbcheck --fail-build --target=aarch64-linux-gnu -I%inputs -c parse-error.c > /dev/null 2>&1; test $? -eq 2
//
// The JSON report and the SARIF log name the file and the reason.
// RUN: %isbcheck --format=json %s -- --target=aarch64-linux-gnu -I%inputs 2>/dev/null > %t.json; test $? -eq 2
// RUN: %python %S/../Inputs/formats/check-json.py %S/../../../docs/json.schema.json %t.json --status 2 | %FileCheck --check-prefix=JSON-DIGEST %s
// JSON-DIGEST: findings 1 shown 1 suppressed 0 baseline 0 status 2
// RUN: %FileCheck --check-prefix=JSON %s < %t.json
// JSON:      "incomplete": [
// JSON-NEXT:   {
// JSON-NEXT:     "file": "{{.*}}parse-error.c",
// JSON-NEXT:     "gaps": [
// JSON-NEXT:       {
// JSON-NEXT:         "kind": "parse-errors",
// JSON-NEXT:         "file": "{{.*}}parse-error.c",
// JSON-NEXT:         "line": null,
// JSON-NEXT:         "function": null,
// JSON-NEXT:         "text": "1 error while parsing"
// RUN: %isbcheck --format=sarif %s -- --target=aarch64-linux-gnu -I%inputs 2>/dev/null > %t.sarif; test $? -eq 2
// RUN: %FileCheck --check-prefix=SARIF %s < %t.sarif
// SARIF:      "executionSuccessful": false,
// SARIF-NEXT: "exitCode": 2,
// SARIF-NEXT: "toolExecutionNotifications": [
// SARIF-NEXT:   {
// SARIF-NEXT:     "descriptor": {
// SARIF-NEXT:       "id": "incomplete-analysis",
// SARIF-NEXT:       "index": 0
// SARIF-NEXT:     },
// SARIF-NEXT:     "level": "error",
// SARIF-NEXT:     "message": {
// SARIF-NEXT:       "text": "{{.*}}parse-error.c was not fully analysed: 1 error while parsing. Findings in it may be missing."
// The HTML page and the mail report say so at the top.
// RUN: rm -rf %t.html && %isbcheck --format=html -o %t.html %s -- --target=aarch64-linux-gnu -I%inputs 2>/dev/null; test $? -eq 2
// RUN: %FileCheck --check-prefix=HTML %s < %t.html/index.html
// HTML: <b id="not-analysed">1</b> file not fully analysed</p>
// HTML: <section id="incomplete">
// HTML: <li><span class="loc">{{.*}}parse-error.c</span>: 1 error while parsing</li>
// RUN: %isbcheck --format=mail %s -- --target=aarch64-linux-gnu -I%inputs 2>/dev/null > %t.mail; test $? -eq 2
// RUN: %FileCheck --check-prefix=MAIL %s < %t.mail
// MAIL:      isbcheck {{[0-9.]+}}: 1 finding in 1 file.
// MAIL-NEXT: 1 file not fully analysed; findings in it may be missing:
// MAIL-NEXT:   {{.*}}parse-error.c: 1 error while parsing
// RUN: rm -f %t.validator && %sarif-validate %t.sarif -o %t.validator > /dev/null
// RUN: %python %inputs/formats/check-sarif-validator.py %t.validator > /dev/null
// RUN: %python %inputs/formats/check-sarif.py %t.sarif --root %root --json %t.json --status 2 > /dev/null
#include "mini.h"

static int broken(void)
{
	/* the error */
	return no_such_thing;
}

u64 at_then_par(u64 va)
{
	at_s1e1r(va);
	return read_par();
	// CHECK: parse-error.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r with no context synchronization event in between [at-par]
}
