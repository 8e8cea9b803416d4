"""Known vulnerabilities in the pinned dependencies (requirements.lock); exit 1 if any.

pip-audit first. It reads PyPI's per-release JSON (https://pypi.org/pypi/NAME/VERSION/json),
or OSV. Where neither answers (the machines this project runs on reach PyPI's index and
project pages, not those), this falls back to what PyPI's project page does give
(https://pypi.org/pypi/NAME/json) and says so:

- `vulnerabilities` of the project's latest release only (PyPI computes the page from that
  release), each with `id`, `aliases`, `fixed_in` and `withdrawn`. A pin that is the latest
  release is audited exactly; an older pin is flagged when the latest release still has a
  vulnerability with no fix at or below the pin (it most likely has it too), and otherwise
  listed as not audited, as nothing here says what its own release has.
- whether the pinned release was yanked, and why;
- newer releases in the pin's own series (x.y), where fixes are usually released.

Fails on a vulnerability (certain or likely) and on a yanked pin; pins it could not audit are
listed, not failed. Usage: python .ci/audit_deps.py [requirements.lock]
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

PROJECT_PAGE = "https://pypi.org/pypi/{}/json"


@dataclass
class Finding:
    pin: str
    problems: list[str] = field(default_factory=list)  # fail the audit
    notes: list[str] = field(default_factory=list)  # shown, do not fail
    audited: bool = False


def pins(lock: Path) -> dict[str, str]:
    found = {}
    for line in lock.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line.rstrip("\\").strip())
        exact = [s.version for s in requirement.specifier if s.operator == "=="]
        if len(exact) != 1:
            sys.exit(f"not pinned to one version: {line}")
        found[requirement.name] = exact[0]
    return found


def pip_audit(lock: Path) -> int | None:
    """pip-audit's verdict (0 clean, 1 vulnerable), or None when it could not audit here."""
    command = [
        *(sys.executable, "-m", "pip_audit", "--requirement", str(lock)),
        *("--no-deps", "--disable-pip", "--strict", "--progress-spinner", "off"),
        *("--format", "json"),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        print("note: pip-audit did not finish in 10 minutes")
        return None
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = None
    if report is not None:
        vulnerable = [d for d in report.get("dependencies", []) if d.get("vulns")]
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix released"
                print(
                    f"VULNERABLE {dependency['name']}=={dependency['version']}: {vuln['id']} ({fixed})"
                )
        if vulnerable:
            return 1
        if result.returncode == 0:
            print(f"pip-audit: no known vulnerabilities in {len(report['dependencies'])} pins")
            return 0
    reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
    print(f"note: pip-audit could not audit the pins from here ({reason}).")
    return None


def fetch(name: str) -> dict:
    request = urllib.request.Request(
        PROJECT_PAGE.format(name), headers={"Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def audit(name: str, pinned: str, page: dict) -> Finding:
    finding = Finding(f"{name}=={pinned}")
    version = Version(pinned)
    releases = page.get("releases", {})
    files = releases.get(pinned) or next(
        (f for v, f in releases.items() if _same(v, version)), None
    )
    if files is None:
        finding.problems.append("the pinned release is not on PyPI")
        return finding
    if files and all(f.get("yanked") for f in files):
        finding.problems.append(f"yanked: {files[0].get('yanked_reason') or 'no reason given'}")

    latest = Version(page["info"]["version"])
    vulns = [v for v in page.get("vulnerabilities", []) if not v.get("withdrawn")]
    for vuln in vulns:
        fixes = [Version(f) for f in vuln.get("fixed_in") or [] if _valid(f)]
        label = " / ".join([vuln["id"], *(vuln.get("aliases") or [])])
        fixed = ", ".join(str(f) for f in fixes) or "no fix released"
        if version == latest:
            finding.problems.append(f"{label} (fixed in {fixed})")
        elif not any(f <= version for f in fixes):
            finding.problems.append(
                f"likely {label}: the latest release ({latest}) has it, fixed in {fixed}"
            )
    finding.audited = version == latest
    if version < latest:
        newer = sorted(
            v
            for v in map(_parse, releases)
            if v
            and v > version
            and not v.is_prerelease
            and v.release[:2] == version.release[:2]
            and not all(f.get("yanked") for f in releases[str(v)] or [{}])
        )
        series = f"; newer in {version.major}.{version.minor}: {newer[-1]}" if newer else ""
        finding.notes.append(f"latest {latest}{series}")
    return finding


def _parse(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _valid(text: str) -> bool:
    return _parse(text) is not None


def _same(text: str, version: Version) -> bool:
    return _parse(text) == version


def fallback(lock: Path) -> int:
    pinned = pins(lock)
    print(
        "Falling back to PyPI's project pages, which list vulnerabilities for each project's "
        "latest release only:\n  a pin that is its latest release is audited; an older one "
        "only for what its latest release still has."
    )
    with ThreadPoolExecutor(max_workers=8) as pool:
        pages = dict(zip(pinned, pool.map(_fetch_or_error, pinned), strict=True))
    findings, errors = [], []
    for name, version in sorted(pinned.items()):
        page = pages[name]
        if isinstance(page, Exception):
            errors.append(f"{name}: {page}")
        else:
            findings.append(audit(name, version, page))
    failed = [f for f in findings if f.problems]
    for finding in failed:
        for problem in finding.problems:
            print(f"VULNERABLE {finding.pin}: {problem}")
    audited = [f.pin for f in findings if f.audited and not f.problems]
    print(f"\naudited, no known vulnerability ({len(audited)}): {', '.join(audited) or '-'}")
    unaudited = [f for f in findings if not f.audited and not f.problems]
    print(f"not audited here, older than their latest release ({len(unaudited)}):")
    for finding in unaudited:
        print(f"  {finding.pin} ({'; '.join(finding.notes)})")
    for error in errors:
        print(f"ERROR could not read PyPI's page of {error}")
    return 1 if failed or errors else 0


def _fetch_or_error(name: str) -> dict | Exception:
    try:
        return fetch(name)
    except Exception as exc:  # reported, and the audit fails
        return exc


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    verdict = pip_audit(lock)
    return fallback(lock) if verdict is None else verdict


if __name__ == "__main__":
    sys.exit(main())
