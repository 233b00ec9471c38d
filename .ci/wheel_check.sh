#!/usr/bin/env bash
# Install a built ppssl wheel into a FRESH virtualenv and use it from outside the source tree:
#   bash .ci/wheel_check.sh DIST_DIR [DEPS_PYTHON]
# DIST_DIR holds the wheel and sdist from `python -m build`. The wheel is installed with its dependencies
# resolved by pip; with DEPS_PYTHON (CI: .venv/bin/python, which already has torch & co.) the fresh venv
# instead borrows that interpreter's site-packages, so that CI does not install a second 5 GB torch.
set -euo pipefail
dist=$(cd "$1" && pwd); deps=${2:-}
whl=$(ls "$dist"/ppssl-*.whl | head -1); sdist=$(ls "$dist"/ppssl-*.tar.gz | head -1)
# the wheel holds the package and its data, and nothing of the notebooks or the build
python3 - "$whl" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ['ppssl/__init__.py', 'ppssl/cli.py', 'ppssl/_modidx.py']
missing = [n for n in need if n not in names]
assets = [n for n in names if n.startswith('ppssl/assets/')]
bad = [n for n in names if n.startswith(('nbs/', '_site/', '_proc/', 'jupyter_execute/', 'runs/'))]
ep = [n for n in names if n.endswith('entry_points.txt')]
assert not missing, f"wheel lacks {missing}"
assert any(n.endswith('.safetensors') for n in assets) and any(n.endswith('.json') for n in assets), f"wheel lacks the shipped assets: {assets}"
assert not bad, f"wheel holds build or notebook files: {bad[:5]}"
assert ep and 'ppssl = ppssl.cli:main' in zipfile.ZipFile(sys.argv[1]).read(ep[0]).decode(), "wheel lacks the `ppssl` console script"
print(f"wheel contents ok: {len(names)} files, {len(assets)} assets")
PY
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
if [ -n "$deps" ]; then
  site=$("$deps" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  own=$("$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$site" > "$own/_ppssl_deps.pth"     # appended after the venv's own site-packages: the wheel wins
  "$tmp/venv/bin/pip" install -q --no-deps "$whl"
else
  "$tmp/venv/bin/pip" install -q "$whl"
fi
cd "$tmp"   # away from the source tree: only the installed wheel can be imported
"$tmp/venv/bin/python" - <<'PY'
import ppssl, pathlib, sys
f = pathlib.Path(ppssl.__file__)
assert 'site-packages' in str(f), f"imported ppssl from {f}, not from the installed wheel"
print("installed ppssl", ppssl.__version__, "from", f.parent)
PY
"$tmp/venv/bin/ppssl" --help > "$tmp/help.txt" && grep -q "train" "$tmp/help.txt"
echo "ppssl --help ok; sdist: $(basename "$sdist") ($(du -h "$sdist" | cut -f1)), wheel: $(basename "$whl") ($(du -h "$whl" | cut -f1))"
