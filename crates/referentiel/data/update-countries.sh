#!/usr/bin/env bash
# Regenerates the country table of crates/domain/src/values/country.rs (between the
# `// BEGIN GENERATED` and `// END GENERATED` lines) from the npm package i18n-iso-countries
# (langs/fr.json: ISO 3166-1 alpha-2 codes with their French names, MIT licence).
#
#   crates/referentiel/data/update-countries.sh [version-range]   # default: 7
#
# Needs npm (only for `npm pack`, nothing is installed) and python3. Review the diff, then run
# `cargo test -p domain`.
set -euo pipefail

range="${1:-7}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/../../domain/src/values/country.rs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "i18n-iso-countries@${range}" >/dev/null)
tar -xzf "$work"/i18n-iso-countries-*.tgz -C "$work"

python3 - "$work/package" "$target" <<'PY'
import json
import sys
import unicodedata
from pathlib import Path

package, target = Path(sys.argv[1]), Path(sys.argv[2])
meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
names = json.loads((package / "langs" / "fr.json").read_text(encoding="utf-8"))["countries"]

# The 27 member states of the European Union (ISO codes: Greece is GR, not EL).
EU = set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
assert len(EU) == 27


def name_of(value):
    # A few entries list several names; the first is the usual one.
    return value[0] if isinstance(value, list) else value


def collation_key(name):
    """Lower case without accents: the order the Rust test checks."""
    decomposed = unicodedata.normalize("NFD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


rows = sorted(((code, name_of(v)) for code, v in names.items()), key=lambda r: (collation_key(r[1]), r[0]))
missing = EU - {code for code, _ in rows}
assert not missing, missing


def rust_str(text):
    return json.dumps(text, ensure_ascii=False)


generated = [
    "// BEGIN GENERATED",
    f"// Source: npm i18n-iso-countries {meta['version']} ({meta.get('license', '?')}), langs/fr.json;",
    "// `eu`: the 27 member states of the European Union.",
    "#[rustfmt::skip]",
    "const COUNTRIES: &[Country] = &[",
]
generated += [
    f"    Country {{ code: {rust_str(code)}, name: {rust_str(name)}, eu: {'true' if code in EU else 'false'} }},"
    for code, name in rows
]
generated += ["];", "// END GENERATED"]

text = target.read_text(encoding="utf-8")
start = text.index("// BEGIN GENERATED")
end = text.index("// END GENERATED") + len("// END GENERATED")
target.write_text(text[:start] + "\n".join(generated) + text[end:], encoding="utf-8")
print(f"{target.name}: {len(rows)} countries from i18n-iso-countries {meta['version']}")
PY
