"""Keep the notebooks' figures compact: rewrite image outputs small, report sizes, enforce a budget.

    python .ci/figures.py nbs/09_viz.ipynb ...   # rewrite the PNG outputs of these notebooks (default: all)
    python .ci/figures.py --report               # bytes per notebook and the share that is base64 images
    python .ci/figures.py --check                # the report, then fail if an image or the total is over budget

Matplotlib stores every figure as a lossless RGBA PNG; photo grids and heat-map overlays are then
hundreds of kB of base64 each, most of a notebook's bytes. Each `image/png` output is re-encoded by
what it shows, measured rather than guessed:
- a *plot* (line plots, bars, t-SNE: flat colours plus antialiased edges) survives quantisation to a
  256-colour palette almost exactly (RMS error below `PLOT_RMS` grey levels; measured on this repo's
  figures: plots 0.1-0.6, photo grids 3.5-8.7), so it becomes a palette PNG: lossless or nearly, text sharp;
- anything else is *photo-like* (CUB images, heat-map overlays), where a palette posterises smooth
  shading visibly, so it becomes a JPEG at quality 85, 3-5 times smaller than the PNG.
An output is only rewritten when that saves at least 10 %, and JPEG outputs are never re-encoded,
so running the tool twice changes nothing. The mime type follows the bytes (`image/png` ->
`image/jpeg`, with its `metadata` entry), which Jupyter, nbdev and MyST-NB all render.
Only the Python standard library and Pillow are used.
"""
import argparse, base64, io, json, sys
from pathlib import Path
from PIL import Image, ImageChops, ImageStat

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
IMAGE_BUDGET = 150_000      # bytes of base64 per image output (~110 kB of image)
TOTAL_BUDGET = 600_000      # bytes of base64 images over all notebooks
JPEG_QUALITY, PLOT_RMS, MIN_GAIN = 85, 1.5, 0.9


def _b64(v): return ''.join(v) if isinstance(v, list) else v


def _encode(im, fmt, **kw):
    buf = io.BytesIO(); im.save(buf, fmt, optimize=True, **kw); return buf.getvalue()


def _flat(im):
    "RGB on white: matplotlib's figures are opaque, and JPEG has no alpha."
    if im.mode in ('RGBA', 'LA', 'P'):
        im = im.convert('RGBA'); bg = Image.new('RGB', im.size, 'white'); bg.paste(im, mask=im.getchannel('A')); return bg
    return im.convert('RGB')


def compact(png: bytes) -> tuple[str, bytes]:
    "(mime, bytes) of one PNG image re-encoded as a palette PNG (a plot) or a JPEG (photo-like); see the docstring."
    rgb = _flat(Image.open(io.BytesIO(png)))
    pal = rgb.quantize(256, dither=Image.Dither.NONE)
    if max(ImageStat.Stat(ImageChops.difference(rgb, pal.convert('RGB'))).rms) <= PLOT_RMS:
        return 'image/png', _encode(pal, 'PNG')
    return 'image/jpeg', _encode(rgb, 'JPEG', quality=JPEG_QUALITY)


def compact_nb(path: Path) -> tuple[int, int]:
    "Rewrite `path`'s PNG outputs in place; (bytes before, bytes after) of the file."
    text = path.read_text(encoding='utf-8'); nb = json.loads(text)
    for c in nb['cells']:
        for o in c.get('outputs', []):
            d = o.get('data', {})
            if 'image/png' not in d: continue
            old = base64.b64decode(_b64(d['image/png']))
            mime, new = compact(old)
            if len(new) >= MIN_GAIN * len(old): continue
            del d['image/png']; d[mime] = base64.b64encode(new).decode()
            md = o.get('metadata', {})
            if 'image/png' in md: md[mime] = md.pop('image/png')
    out = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n'   # nbdev's own format
    if out != text: path.write_text(out, encoding='utf-8')
    return len(text.encode()), len(out.encode())


def images(path: Path):
    "(cell id, mime, base64 bytes) of every image output of a notebook."
    nb = json.loads(path.read_text(encoding='utf-8'))
    for c in nb['cells']:
        for o in c.get('outputs', []):
            for k, v in o.get('data', {}).items():
                if k.startswith('image/'): yield c.get('id', '?'), k, len(_b64(v))


def report(paths) -> dict:
    "Print bytes and image share per notebook and in total; return {name: [(cell id, mime, bytes)]}."
    tot = img = 0; out = {}
    for p in paths:
        n, ims = p.stat().st_size, list(images(p)); i = sum(b for *_, b in ims)
        tot += n; img += i; out[p.name] = ims
        print(f'{p.name:24s} {n:9,d} bytes  images {i:9,d} ({i / max(n, 1):4.0%}, {len(ims)} figures)')
    print(f'{"notebooks":24s} {tot:9,d} bytes  images {img:9,d} ({img / max(tot, 1):4.0%})')
    return out


def check(paths) -> list[str]:
    "Budget violations (messages): an image output over IMAGE_BUDGET, or all of them over TOTAL_BUDGET."
    ims = [(name, cid, mime, b) for name, rows in report(paths).items() for cid, mime, b in rows]
    errs = [f'{name}: cell {cid}: {mime} output of {b:,d} bytes > {IMAGE_BUDGET:,d} (run python .ci/figures.py nbs/{name})'
            for name, cid, mime, b in ims if b > IMAGE_BUDGET]
    total = sum(b for *_, b in ims)
    if total > TOTAL_BUDGET: errs.append(f'images total {total:,d} bytes of base64 > {TOTAL_BUDGET:,d}')
    return errs


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*', type=Path, help='notebooks to rewrite (default: nbs/*.ipynb)')
    ap.add_argument('--report', action='store_true', help='only print the sizes')
    ap.add_argument('--check', action='store_true', help='print the sizes; exit 1 when over budget')
    a = ap.parse_args()
    paths = a.notebooks or sorted(NBS.glob('*.ipynb'))
    if a.check:
        errs = check(paths)
        for e in errs: print('FAIL', e)
        sys.exit(1 if errs else 0)
    if a.report: report(paths); sys.exit(0)
    for p in paths:
        b, n = compact_nb(p)
        print(f'{p.name:24s} {b:9,d} -> {n:9,d} bytes')
