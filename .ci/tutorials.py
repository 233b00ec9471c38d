"""The tutorial pages as a reader uses them (tooling; not part of the package).

    python .ci/tutorials.py             # both checks below, after the negative control
    python .ci/tutorials.py --cells     # only: visible cells of each tutorial run in a fresh Python
    python .ci/tutorials.py --recipe    # only: the CPU recipes of "Train on your data", end to end, tiny
    python .ci/tutorials.py --store     # run the tutorials in nbs/ and store their outputs (then commit them)

1. cells: the visible code cells of each tutorial (not `#| hide`, `echo: false`, `include: false`, `eval: false`),
   concatenated in order, run in a fresh interpreter in a temporary folder: a reader who copies them cell by cell
   gets what the page shows. The page must also store its outputs (the docs render stored outputs) and none may
   hold a machine path. Negative control first: a page whose visible cell uses a hidden import must fail.
2. recipe: the shell commands of the "On a laptop" and "From ImageNet weights on disk" sections of 16_your_data
   (the weights section skipped, with the reason, where ../shared/weights is absent) run one after another in a temporary
   folder on a few images of the shared CUB subset (4 classes, 6 images per class and split), with tiny sizes
   appended (argparse: the last flag wins); `tensorboard --logdir D` is checked as "D holds event files" (starting
   the server would block). Skipped, with the reason printed, where ../shared/data is absent.
"""
import argparse, json, os, re, shlex, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = ['15_quickstart', '16_your_data']
RECIPE_PAGE, RECIPE_SECTIONS = '16_your_data', ['On a laptop', 'From ImageNet weights on disk']  # ```sh blocks CI runs
CUB = ROOT.parent/'shared'/'data'/'CUB_200_2011_subset100'
WEIGHTS = ROOT.parent/'shared'/'weights'   # the real ImageNet files the weights recipe names
TINY = {'train': '--max-steps 3 --batch-size 16 --img-size 48 --data-px 54 --queue-size 64 --no-progress',
        'eval': '--probe-epochs 2 --fractions 1.0 --batch-size 32 --no-progress',
        'extract': '--batch-size 32 --no-progress'}
_HIDDEN = re.compile(r'^#\|\s*(hide\s*$|echo:\s*false|include:\s*false|eval:\s*false)', re.M)
_PATH = re.compile(r'(/home/|/tmp/|/work/|/Users/|[A-Z]:\\\\)')


def _src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']


def visible_code(nb: dict) -> str:
    "The visible code cells of a notebook, directives dropped, concatenated in order."
    cells = [_src(c) for c in nb['cells'] if c['cell_type'] == 'code' and not _HIDDEN.search(_src(c))]
    return '\n\n'.join('\n'.join(l for l in s.splitlines() if not l.startswith('#|')) for s in cells)


def run_fresh(code: str, timeout=900) -> subprocess.CompletedProcess:
    "Run `code` in a new interpreter in an empty temporary folder (the repository importable, one thread)."
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', MPLBACKEND='Agg')
    with tempfile.TemporaryDirectory() as d:
        return subprocess.run([sys.executable, '-c', code], cwd=d, env=env, capture_output=True, text=True, timeout=timeout)


def output_problems(nb: dict) -> list:
    "What a reader would see wrong in the stored outputs: none at all, or a machine path."
    outs = [''.join(o.get('text') or o.get('data', {}).get('text/plain') or o.get('data', {}).get('text/markdown') or '')
            for c in nb['cells'] if c['cell_type'] == 'code' and not _HIDDEN.search(_src(c)) for o in c.get('outputs', [])]
    probs = [] if any(outs) else ['no stored outputs (run the notebook and save it)']
    return probs + [f'a machine path in an output: {m.group(0)!r}' for o in outs if (m := _PATH.search(o))]


def check_page(nb: dict, name: str) -> bool:
    r = run_fresh(visible_code(nb))
    probs = output_problems(nb) + ([f'visible cells fail in a fresh Python:\n{r.stderr[-2000:]}'] if r.returncode else [])
    print(f"{'FAIL' if probs else 'ok  '} {name}: visible cells" + ''.join(f'\n     {p}' for p in probs))
    return not probs


def negative_control() -> bool:
    "A page whose visible cell needs a hidden import must fail the check; the same page with the import visible passes."
    cell = lambda s: {'cell_type': 'code', 'source': s, 'outputs': [{'output_type': 'stream', 'text': '3.14'}]}
    bad = {'cells': [cell('#| hide\nimport math'), cell('print(round(math.pi, 2))')]}
    good = {'cells': [cell('import math'), cell('print(round(math.pi, 2))')]}
    ok = run_fresh(visible_code(bad)).returncode != 0 and run_fresh(visible_code(good)).returncode == 0
    print(f"{'ok  ' if ok else 'FAIL'} negative control: a hidden import fails the check, a visible one passes")
    return ok


def recipe_commands(nb: dict) -> list:
    "The lines of the ```sh blocks in the page's RECIPE_SECTIONS, in order (comments and blank lines dropped)."
    md = '\n'.join(_src(c) for c in nb['cells'] if c['cell_type'] == 'markdown')
    cmds = []
    for sec in RECIPE_SECTIONS:
        m = re.search(rf'^##+ {re.escape(sec)}\b.*?(?=^##? |\Z)', md, re.M | re.S)
        if not m: raise SystemExit(f'{RECIPE_PAGE}: no section "## {sec}"')
        if '/path/to/tf_efficientnet' in m.group(0) and not (WEIGHTS/'tf_efficientnet_lite0.safetensors').exists():
            print(f'skip "## {sec}": no ImageNet weights at {WEIGHTS}'); continue
        for block in re.findall(r'```sh\n(.*?)```', m.group(0), re.S):
            cmds += [l.strip() for l in block.replace('\\\n', ' ').splitlines() if l.strip() and not l.startswith('#')]
    return cmds


def tiny_cub(src: Path, dst: Path, n_classes=4, per_split=6) -> Path:
    "A CUB root of a few images per class and split, its images copied from `src` (a link would resolve outside the root)."
    dst.mkdir(parents=True)
    rows = zip(*[(src/f).read_text().split('\n') for f in ('images.txt', 'image_class_labels.txt', 'train_test_split.txt')])
    keep, count = [], {}
    for img, lab, spl in rows:
        if not img.strip(): continue
        key = (int(lab.split()[1]), spl.split()[1])
        if key[0] <= n_classes and count.get(key, 0) < per_split: count[key] = count.get(key, 0) + 1; keep.append((img, lab, spl))
    for img, _, _ in keep:
        rel = 'images/' + img.split()[1]; (dst/rel).parent.mkdir(parents=True, exist_ok=True); shutil.copyfile(src/rel, dst/rel)
    for k, f in enumerate(('images.txt', 'image_class_labels.txt', 'train_test_split.txt')):
        (dst/f).write_text(''.join(r[k] + '\n' for r in keep))
    (dst/'classes.txt').write_text(''.join(l + '\n' for l in (src/'classes.txt').read_text().splitlines()[:n_classes]))
    return dst


def run_recipe(nb: dict) -> bool:
    if not CUB.exists(): print(f'skip recipe: {CUB} is absent (the shared CUB subset)'); return True
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', MPLBACKEND='Agg')
    with tempfile.TemporaryDirectory() as d:
        cub = tiny_cub(CUB, Path(d)/'CUB_tiny')
        for cmd in recipe_commands(nb):
            argv = shlex.split(cmd.replace('/path/to/CUB_200_2011', str(cub)).replace('/path/to/', f'{WEIGHTS}/'))
            if argv[0] == 'tensorboard':
                logdir = Path(d)/argv[argv.index('--logdir') + 1]
                ok = any(logdir.rglob('events.out.tfevents.*'))
                print(f"{'ok  ' if ok else 'FAIL'} {cmd}  (event files under {logdir.name}/)")
                if not ok: return False
                continue
            if argv[0] != 'ppssl': raise SystemExit(f'{RECIPE_PAGE}: a recipe line CI cannot run: {cmd}')
            argv = [sys.executable, '-m', 'ppssl.cli', *argv[1:], *shlex.split(TINY.get(argv[1], ''))]
            r = subprocess.run(argv, cwd=d, env=env, capture_output=True, text=True, timeout=900)
            print(f"{'ok  ' if r.returncode == 0 else 'FAIL'} {cmd}")
            if r.returncode: print(r.stdout[-1500:], r.stderr[-2500:]); return False
    return True


def store(name: str):
    "Execute a tutorial in nbs/ (cwd nbs/, as nbdev_test does) and write it back with its outputs, cleaned."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    path = ROOT/'nbs'/f'{name}.ipynb'; nb = read_nb(path)
    os.chdir(path.parent); CaptureShell().run_all(nb); write_nb(nb, path)
    subprocess.run(['nbdev_clean', '--fname', str(path)], check=True, cwd=ROOT)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--cells', action='store_true'); ap.add_argument('--recipe', action='store_true')
    ap.add_argument('--store', action='store_true')
    a = ap.parse_args()
    if a.store: [store(n) for n in TUTORIALS]; sys.exit(0)
    both = not (a.cells or a.recipe)
    nbs = {n: json.loads((ROOT/'nbs'/f'{n}.ipynb').read_text()) for n in TUTORIALS}
    ok = True
    if a.cells or both: ok = negative_control() and all([check_page(nb, n) for n, nb in nbs.items()])
    if ok and (a.recipe or both): ok = run_recipe(nbs[RECIPE_PAGE])
    sys.exit(0 if ok else 1)
