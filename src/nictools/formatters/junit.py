"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One testcase per problem (classname = the file, name = code, name and place);
problems that fail the run (errors, and warnings under --strict) are `<failure>`s,
the others pass with their text in `<system-out>`. A clean run is one passing
testcase, so the report is never empty. ElementTree escapes the text; characters
XML 1.0 cannot hold at all are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, TextIO

from nictools.problems import Result

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def write_junit(result: Result, stream: TextIO, path_prefix: str = "", **_: Any) -> None:
    failing = [p for p in result.problems
               if p.severity.value == "error" or (result.strict and p.severity.value == "warning")]
    cases = max(1, len(result.problems))
    suites = ET.Element("testsuites", name="nic validate", tests=str(cases), failures=str(len(failing)), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="nic validate", tests=str(cases), failures=str(len(failing)),
                          errors="0", skipped="0")
    if not result.problems:
        ET.SubElement(suite, "testcase", classname="nic", name=f"{result.files} files checked: no problems")
    fail_ids = {id(p) for p in failing}
    for p in result.problems:
        path = path_prefix + p.path
        case = ET.SubElement(suite, "testcase", classname=_clean(path),
                             name=_clean(f"{p.code} {p.name} at {path}:{p.line}:{p.column}"))
        text = _clean(f"{path}:{p.line}:{p.column}: {p.severity.value} {p.code} {p.message}"
                      + (f"\nhint: {p.hint}" if p.hint else "") + f"\n{p.url}")
        if id(p) in fail_ids:
            failure = ET.SubElement(case, "failure", message=_clean(p.message), type=f"{p.severity.value} {p.code}")
            failure.text = text
        else:
            out = ET.SubElement(case, "system-out")
            out.text = text
    ET.indent(suites)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(suites, encoding="unicode"))
    stream.write("\n")
