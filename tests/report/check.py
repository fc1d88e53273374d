"""The report formats checked by outside tools, on the reviewed snapshots that tests/report.rs
keeps equal to the core's output (tests/snapshots/report/{set,bad}.*):

- SARIF against the SARIF 2.1.0 JSON schema (jsonschema's draft-04 validator, with the `uri`
  and `uri-reference` formats checked), the results' fixes included;
- JUnit against Jenkins' JUnit XSD (xmlschema), then read by junitparser, a JUnit consumer;
- GitLab against the fields GitLab documents for a Code Quality report.

Each validator is first shown a broken copy, which it must refuse: a validator that accepts
everything proves nothing. Run by `make test` (reports-test) in the venv of scripts/pyvenv.sh.
"""

import copy
import json
import pathlib
import sys

import jsonschema
import junitparser
import xmlschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "snapshots" / "report"
SCHEMAS = ROOT / "tests" / "schemas"
SETS = ("set", "bad")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def errors(validator, instance):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def check_sarif():
    checker = jsonschema.FormatChecker()
    # Without rfc3986-validator, jsonschema skips these formats silently.
    missing = {"uri", "uri-reference"} - set(checker.checkers)
    assert not missing, f"format checkers missing: {missing}"
    validator = jsonschema.Draft4Validator(load(SCHEMAS / "sarif-2.1.0-rtm.5.json"), format_checker=checker)
    for name in SETS:
        log = load(SNAPSHOTS / f"{name}.sarif.json")
        assert not errors(validator, log), errors(validator, log)
        results = log["runs"][0]["results"]
        assert results, "no results"
        broken = copy.deepcopy(log)
        location = broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        location["artifactLocation"]["uri"] = "a b#c#d"
        location["region"]["startLine"] = 0
        assert len(errors(validator, broken)) == 2, errors(validator, broken)
        # A fix: a replacement needs the region it deletes, a change the artifact it changes.
        fixed = [r for r in results if r.get("fixes")]
        if fixed:
            broken = copy.deepcopy(log)
            change = [r for r in broken["runs"][0]["results"] if r.get("fixes")][0]["fixes"][0]["artifactChanges"][0]
            del change["replacements"][0]["deletedRegion"]
            del change["artifactLocation"]
            assert len(errors(validator, broken)) == 2, errors(validator, broken)
        print(f"sarif {name}: valid, {len(results)} results")


def check_junit():
    schema = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))
    for name in SETS:
        path = SNAPSHOTS / f"{name}.junit.xml"
        schema.validate(str(path))
        files = load(SNAPSHOTS / f"{name}.json")
        xml = junitparser.JUnitXml.fromfile(str(path))
        suites = list(xml)
        assert len(suites) == 1, suites
        cases = list(suites[0])
        assert [c.name for c in cases] == [f["file"] for f in files], [c.name for c in cases]
        for case, file in zip(cases, files):
            kinds = [type(r).__name__ for r in case.result]
            if "error" in file:
                assert kinds == ["Error"] and file["error"] in case.result[0].message, (kinds, case.name)
                continue
            codes = {d["code"] for d in file["diagnostics"] if d["suppressed"] is None}
            failures = [r for r in case.result if isinstance(r, junitparser.Failure)]
            assert len(failures) == len(kinds), kinds
            assert {f.type for f in failures} <= codes, (case.name, [f.type for f in failures])
            assert case.is_passed == (not failures), case.name
        assert suites[0].tests == len(files) and suites[0].errors == sum("error" in f for f in files)
        broken = path.read_text(encoding="utf-8").replace('<testcase name="', "<testcase nom=\"", 1)
        assert not schema.is_valid(broken), "the XSD accepts a test case without a name"
        print(f"junit {name}: valid, {len(cases)} test cases, {suites[0].failures} failing")


def check_gitlab():
    schema = load(SCHEMAS / "gitlab-codequality.schema.json")
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for name in SETS:
        issues = load(SNAPSHOTS / f"{name}.gitlab.json")
        assert not errors(validator, issues), errors(validator, issues)
        fingerprints = [i["fingerprint"] for i in issues]
        assert len(set(fingerprints)) == len(fingerprints), "fingerprints repeat"
        broken = copy.deepcopy(issues)
        broken[0]["severity"] = "warning"
        del broken[0]["location"]["lines"]
        assert len(errors(validator, broken)) == 2, errors(validator, broken)
        print(f"gitlab {name}: valid, {len(issues)} issues")


def main():
    checks = [check_sarif, check_junit, check_gitlab]
    failed = 0
    for check in checks:
        try:
            check()
        except AssertionError as error:
            failed += 1
            print(f"{check.__name__}: FAILED: {error}", file=sys.stderr)
    print(f"report formats: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
