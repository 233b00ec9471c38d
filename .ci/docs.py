"""Build the ppssl docs site offline and regenerate README.md from nbs/index.ipynb.

    python .ci/docs.py            # README.md + _site/
    python .ci/docs.py --readme   # README.md only

Quarto (nbdev's own renderer) cannot be installed without a download, so the site is made in three
steps, each by a maintained tool:
1. nbdev's notebook processing (`nbdev.serve.proc_nbs`, what `nbdev_proc_nbs` runs, without its
   Quarto install step): hides `#| hide` cells, drops exported source in favour of `show_doc`
   signatures/docstrings, runs the show_doc cells, writes the processed notebooks to `_proc/`;
2. a small translation of the Quarto cell options that step leaves (`#| echo: false`, ...) into the
   cell tags that MyST-NB understands, and of Quarto front matter into a page title;
3. Sphinx + MyST-NB (furo theme, built-in search, MathJax 3 bundled by `sphinx-mathjax-offline`)
   renders the stored outputs (nothing is re-executed) into `_site/`.

Every by-product stays in ignored folders: `_proc/`, `_docs_src/` and `_docs_build/`. Sphinx builds into
`_docs_build/html` (its doctrees in `_docs_build/doctrees`), which is then moved to `_site/`, because MyST-NB
writes the image files it extracts from the notebooks into `jupyter_execute/` *beside* the output folder
(`Path(app.outdir).parent`): with `_site/` as the output folder that was the repository root, and the cache
ended up committed. `.ci/run` fails if a docs build leaves any file changed or untracked.
"""
import argparse, json, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, PROC, SRC, SITE = ROOT/'nbs', ROOT/'_proc', ROOT/'_docs_src', ROOT/'_site'
BUILD = ROOT/'_docs_build'   # Sphinx's output, doctrees and MyST-NB's jupyter_execute/ cache (ignored)


def _src(cell): return ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']


# ---------------------------------------------------------------------------------------- README
def readme():
    "README.md from nbs/index.ipynb: markdown cells verbatim, visible code and its text output fenced."
    nb = json.loads((NBS/'index.ipynb').read_text())
    parts = ['<!-- Generated from nbs/index.ipynb by `python .ci/docs.py`: edit the notebook, not this file. -->']
    for c in nb['cells']:
        s = _src(c).strip()
        if c['cell_type'] == 'markdown':
            s = re.sub(r'^> ', '', s, flags=re.M) if s.startswith('# ') else s
            parts.append(s)
        elif c['cell_type'] == 'code' and s and not s.startswith('#| hide') and '#| include: false' not in s:
            parts.append('```python\n' + '\n'.join(l for l in s.splitlines() if not l.startswith('#|')) + '\n```')
            for o in c.get('outputs', []):
                txt = o.get('text') or o.get('data', {}).get('text/markdown') or o.get('data', {}).get('text/plain')
                if txt: parts.append('    ' + ''.join(txt).rstrip().replace('\n', '\n    '))
    (ROOT/'README.md').write_text('\n\n'.join(parts) + '\n')


# ------------------------------------------------------------------------------------ processing
def proc():
    "Step 1: nbdev's notebook processing into _proc/ (no Quarto needed)."
    subprocess.run([sys.executable, '-c', _PROC], cwd=ROOT, check=True)


# nbdev runs every cell that holds an import while it renders show_doc; a *test* cell that imports
# something and then uses state from cells that are not run (fixtures, data roots) fails there. The
# docs show the outputs stored in the notebooks, so only what show_doc needs is run: exported cells,
# show_doc cells, and cells made of imports alone. (Serial, in-process, so that the rule applies.)
_PROC = """
import ast, warnings, nbdev.doclinks, nbdev.processors as P
from nbdev.serve import proc_nbs
_orig = P._do_eval
def _do_eval(cell):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        r = _orig(cell)
    if not r or cell.directives_.keys() & {'export', 'exports', 'exporti', 'exec_doc'}: return r
    trees = cell.parsed_()
    if P._show_docs(trees): return r
    return all(isinstance(t, (ast.Import, ast.ImportFrom)) for t in trees) or None
P._do_eval = _do_eval
nbdev.doclinks._build_modidx()
proc_nbs(force=True, n_workers=0)
"""


_TAGS = {('echo', 'false'): 'remove-input', ('output', 'false'): 'remove-output',
         ('include', 'false'): 'remove-cell', ('eval', 'false'): None}
_re_opt = re.compile(r'^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$')


def _front_matter(src):
    "The fields of a Quarto front-matter raw cell (simple `key: value` YAML, folded lines joined)."
    body = src.strip().strip('-').strip()
    out, key = {}, None
    for line in body.splitlines():
        m = re.match(r'^([\w-]+):\s*(.*)$', line)
        if m: key = m.group(1); out[key] = m.group(2).strip()
        elif key and line.strip(): out[key] += ' ' + line.strip()
    return {k: v.strip("'\"").replace("''", "'") for k, v in out.items()}


def translate(nb):
    "Step 2: Quarto front matter -> `# title` cell; Quarto cell options -> MyST-NB tags. Returns (nb, page name)."
    cells, page = [], None
    for c in nb['cells']:
        s = _src(c)
        if c['cell_type'] == 'raw' and s.lstrip().startswith('---'):
            fm = _front_matter(s)
            page = fm.get('output-file', '').removesuffix('.html') or None
            md = f"# {fm.get('title', page or '')}\n\n" + (f"> {fm['description']}\n" if fm.get('description') else '')
            cells.append({'cell_type': 'markdown', 'metadata': {}, 'source': md})
            continue
        if c['cell_type'] == 'markdown' and 'THIS FILE WAS AUTOGENERATED' in s: continue
        if c['cell_type'] == 'code':
            lines, tags = s.splitlines(), set(c.get('metadata', {}).get('tags', []))
            while lines and (m := _re_opt.match(lines[0])):
                t = _TAGS.get((m.group(1), m.group(2).lower()))
                if t: tags.add(t)
                lines.pop(0)
            outs = [_clean_output(o) for o in c.get('outputs', [])]
            c = {'cell_type': 'code', 'execution_count': None, 'source': '\n'.join(lines), 'outputs': outs,
                 'metadata': dict(c.get('metadata', {}), tags=sorted(tags))}
            if not c['source'].strip() and not outs: continue
        c = {k: v for k, v in c.items() if k in ('cell_type', 'metadata', 'source', 'outputs', 'execution_count', 'attachments')}
        c['id'] = f'c{len(cells)}'
        cells.append(c)
    nb = dict(nb, cells=cells)
    nb['metadata'] = {'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'},
                      'language_info': {'name': 'python'}}
    return nb, page


def _clean_output(o):
    "show_doc's markdown starts with a `---` rule, which docutils cannot place inside an output: drop it."
    md = o.get('data', {}).get('text/markdown')
    if md is not None:
        md = ''.join(md) if isinstance(md, list) else md
        o = dict(o, data=dict(o['data'], **{'text/markdown': re.sub(r'^---\s*$', '', md, flags=re.M)}))
    return o


CONF = '''
project = "ppssl"
author = "ppssl developers"
extensions = ["myst_nb", "sphinx-mathjax-offline"]
html_theme = "furo"
html_title = "ppssl"
myst_enable_extensions = ["dollarmath", "amsmath", "attrs_inline"]
nb_execution_mode = "off"              # outputs are the ones committed in the notebooks
nb_render_markdown_format = "myst"     # show_doc output and markdown outputs may hold maths
nb_output_stderr = "remove"
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]
exclude_patterns = ["_build"]
html_static_path = []
'''


def site():
    "Steps 2-3: translate _proc/*.ipynb into _docs_src/ and render it with Sphinx into _site/."
    shutil.rmtree(SRC, ignore_errors=True); SRC.mkdir()
    (SRC/'conf.py').write_text(CONF)
    pages = []
    for f in sorted(PROC.glob('*.ipynb')):
        nb, _ = translate(json.loads(f.read_text()))
        page = f.stem     # the notebook's own name, so that links between notebooks resolve as written
        if f.stem != 'index': pages.append(page)
        (SRC/f'{"index" if f.stem == "index" else page}.ipynb').write_text(json.dumps(nb))
    idx = json.loads((SRC/'index.ipynb').read_text())
    idx['cells'].append({'cell_type': 'markdown', 'metadata': {},
                         'source': '```{toctree}\n:hidden:\n:maxdepth: 1\n\n' + '\n'.join(pages) + '\n```\n'})
    (SRC/'index.ipynb').write_text(json.dumps(idx))
    shutil.rmtree(SITE, ignore_errors=True); shutil.rmtree(BUILD, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'sphinx', '-b', 'html', '-q', '-j', '2', '-d', str(BUILD/'doctrees'),
                    str(SRC), str(BUILD/'html')], check=True)
    shutil.move(BUILD/'html', SITE)
    (SITE/'.nojekyll').touch()   # GitHub Pages: serve _static/ as is
    print(f'docs: {len(pages) + 1} pages in {SITE}')


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--readme', action='store_true', help='only regenerate README.md')
    a = ap.parse_args()
    readme()
    if not a.readme: proc(); site()
