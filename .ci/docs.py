"""Build the ppssl docs site offline and regenerate README.md from nbs/index.ipynb.

    python .ci/docs.py            # README.md + _site/
    python .ci/docs.py --readme   # README.md only

Quarto (nbdev's own renderer) needs a download, so the site is made offline in three steps:
1. nbdev's notebook processing (`nbdev.serve.proc_nbs` without its Quarto install) into `_proc/`: `#| hide` cells
   dropped, show_doc cells run;
2. `translate`: Quarto cell options into MyST-NB tags, front matter into a title, every show_doc output into a
   Sphinx Python-domain object (index, search, a "[source]" link to `git_url`), links to the public site into
   cross-references, outputs made reader-facing (no machine paths, no skip lines, pipe tables rendered), test
   cells folded;
3. Sphinx + MyST-NB (furo, MathJax bundled) renders the stored outputs (nothing is re-executed) into `_site/`.
By-products stay in ignored folders (`_proc/`, `_docs_src/`, `_docs_build/`): Sphinx builds into
`_docs_build/html`, moved to `_site/` after, because MyST-NB writes its `jupyter_execute/` cache beside the output
folder, which would otherwise be the repository root.
"""
import argparse, ast, configparser, dataclasses, importlib, inspect, json, re, shutil, socket, subprocess, sys
import yaml
from fastcore.docments import docments
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
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
            parts.append(re.sub(r'\]\((\w+)\.ipynb\)', r'](nbs/\1.ipynb)', s))   # links between notebooks, from the repo root
        elif c['cell_type'] == 'code' and s and not re.search(r'^#\|\s*(hide|echo:\s*false|include:\s*false)', s, re.M):
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


def settings():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini'); return cfg['DEFAULT']


def _front_matter(src):
    "The fields of a Quarto front-matter raw cell, read by a YAML parser (nbdev writes escapes such as `\\u2013`, folded lines)."
    body = src.strip()
    body = body[3:] if body.startswith('---') else body
    body = body[:-3] if body.rstrip().endswith('---') else body
    return {k: str(v) for k, v in (yaml.safe_load(body) or {}).items()}


# ------------------------------------------------------------------------- API objects as Sphinx objects
# nbdev's show_doc renders every object as a ```python def Name(...)``` block: classes look like functions,
# a dataclass's fields are one run-on signature, and nothing reaches Sphinx's index or search. Each show_doc
# output is replaced by a Python-domain directive (`py:class`, `py:function`, `py:method`, ...) built from the
# object itself: Sphinx then shows classes as classes, lists every object in the general index, ranks it first
# in search, gives it a stable anchor (`ppssl.model.PPSSLConfig`) and, through `sphinx.ext.linkcode`, a
# "[source]" link to `git_url` (settings.ini) at the object's file and line. A dataclass gets a table of its
# fields (type, default, meaning from the field's inline comment, read by fastcore's docments).
_re_sd_head = re.compile(r'^#+ (\S+)\s*$', re.M)
_re_sd_src = re.compile(r'\[source\]\([^)]*/(ppssl/[\w/]+)\.py#L\w*\)')


def show_doc_target(md: str):
    "(module, qualname) of a show_doc markdown output, or None for any other markdown."
    if not md.lstrip().startswith('---') or '```python' not in md: return None
    h, src = _re_sd_head.search(md), _re_sd_src.search(md)
    if not h or not src: return None
    return src.group(1).replace('/', '.'), h.group(1)


def _resolve(mod, qual):
    obj = importlib.import_module(mod)
    for part in qual.split('.'): obj = inspect.getattr_static(obj, part) if isinstance(obj, type) else getattr(obj, part)
    return obj


def _ann(a) -> str:
    if a is inspect.Parameter.empty: return ''
    if isinstance(a, str): return a
    return inspect.formatannotation(a).replace('NoneType', 'None')


def _default(v) -> str:
    r = repr(v)
    try: ast.parse(r, mode='eval'); return r
    except SyntaxError: return '...'


def _sig(f, drop_first=False) -> str:
    "A signature string Sphinx can parse: annotations as written, defaults as valid Python or `...`."
    try: sig = inspect.signature(f)
    except (TypeError, ValueError): return '()'
    ps, out, star = list(sig.parameters.values()), [], False
    if drop_first and ps and ps[0].name in ('self', 'cls'): ps = ps[1:]
    for p in ps:
        s = {p.VAR_POSITIONAL: '*', p.VAR_KEYWORD: '**'}.get(p.kind, '') + p.name
        if p.kind == p.KEYWORD_ONLY and not star: out.append('*'); star = True
        if p.kind == p.VAR_POSITIONAL: star = True
        if (a := _ann(p.annotation)): s += f': {a}'
        if p.default is not p.empty: s += f' = {_default(p.default)}' if a else f'={_default(p.default)}'
        out.append(s)
    r = _ann(sig.return_annotation)
    return f"({', '.join(out)})" + (f' -> {r}' if r and r != 'None' else '')


def _docments(f) -> dict:
    try: return {k: v for k, v in docments(f, full=True).items() if v.get('docment')}
    except Exception: return {}


def _cell(s) -> str: return ' '.join(str(s).split())


def _field_table(cls) -> str:
    "A dataclass's fields as a list-table: field, type, default, meaning (the field's inline comment)."
    dm = _docments(cls)
    rows = ['* - field\n  - type\n  - default\n  - meaning']
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING: d = f'`{_default(f.default)}`'
        elif f.default_factory is not dataclasses.MISSING: d = f'`{_default(f.default_factory())}`'
        else: d = 'required'
        rows.append(f"* - `{f.name}`\n  - `{_ann(f.type)}`\n  - {d}\n  - {_cell(dm.get(f.name, {}).get('docment', ''))}")
    return '```{list-table}\n:header-rows: 1\n:widths: 18 18 16 48\n:class: config-table\n\n' + '\n'.join(rows) + '\n```\n'


def api_directive(mod: str, qual: str, no_index: bool) -> str | None:
    "MyST for one API object (see above), or None when the object cannot be imported (nbdev's output is kept)."
    try: obj = _resolve(mod, qual)
    except Exception as e: print(f'docs: cannot import {mod}.{qual} ({e}); nbdev output kept'); return None
    opts = [f':module: {mod}'] + ([':no-index:'] if no_index else [])
    in_class = '.' in qual
    body = ''
    if isinstance(obj, property):
        kind, sig, f = 'property', '', obj.fget
        if (r := _ann(inspect.signature(f).return_annotation)): opts.append(f':type: {r}')
    elif isinstance(obj, (classmethod, staticmethod)):
        kind, f = 'method', obj.__func__
        opts.append(':classmethod:' if isinstance(obj, classmethod) else ':staticmethod:')
        sig = _sig(f, drop_first=isinstance(obj, classmethod))
    elif inspect.isclass(obj):
        f = obj
        kind = 'exception' if issubclass(obj, BaseException) else 'class'
        if dataclasses.is_dataclass(obj): sig, body = '', _field_table(obj)
        elif kind == 'exception' or obj.__init__ is object.__init__: sig = ''
        else: sig = _sig(obj.__init__, drop_first=True)
    else:
        f = inspect.unwrap(obj)
        kind, sig = ('method', _sig(f, drop_first=True)) if in_class else ('function', _sig(f))
    doc = inspect.getdoc(f) or ''
    if inspect.isclass(obj) and doc == inspect.getdoc(object): doc = ''
    params = '' if inspect.isclass(obj) and dataclasses.is_dataclass(obj) else ''.join(
        f":param {k}: {_cell(v['docment'])}\n" for k, v in _docments(obj.__init__ if inspect.isclass(obj) else f).items()
        if k not in ('return', 'self'))
    ret = _docments(f).get('return', {}).get('docment') if not inspect.isclass(obj) else None
    if ret: params += f':returns: {_cell(ret)}\n'
    parts = [p for p in (doc, params.rstrip(), body) if p]
    return f"````{{py:{kind}}} {qual}{sig}\n" + '\n'.join(opts) + '\n\n' + '\n\n'.join(parts) + '\n````\n'


# ------------------------------------------------------------------------- links nbdev made to the public site
# nbdev turns every backticked exported name into a link to the public site (`doc_host/doc_baseurl/<module>.html`),
# which points at pages that are not this build's (pages here are named after the notebooks). Those links become
# Sphinx cross-references to the registered object (or its class), which Sphinx resolves to the page that documents
# it; a name that no page documents stays code without a link.
def _modidx():
    from ppssl._modidx import d
    return {loc: full for syms in d['syms'].values() for full, (loc, _) in syms.items()}


class Linker:
    def __init__(self, documented: set):
        s = settings()
        self.own = re.escape((s.get('doc_host', '') + s.get('doc_baseurl', '')).rstrip('/') + '/')
        self.by_loc, self.documented = _modidx(), documented
        self.by_name = {}
        for full in documented: self.by_name.setdefault(full.split('.', 2)[-1], full)

    def target(self, full):
        while full and full not in self.documented: full = full.rpartition('.')[0] if full.count('.') > 1 else ''
        return full

    def __call__(self, md: str) -> str:
        def sub(m):
            full = self.target(self.by_loc.get(m.group(2), ''))
            return f'{{py:obj}}`{m.group(1)} <{full}>`' if full else f'`{m.group(1)}`'
        return re.sub(r'\[`([^`]+)`\]\(' + self.own + r'([\w.#-]+)\)', sub, md)

    def backticks(self, md: str) -> str:
        "`name` -> a cross-reference, for text written here (docstrings, field comments)."
        def sub(m):
            full = self.by_name.get(m.group(1))
            return f'{{py:obj}}`{m.group(1)} <{full}>`' if full else m.group(0)
        return re.sub(r'(?<![`{])`([A-Za-z_][\w.]*)`(?!`)', sub, md)


# ------------------------------------------------------------------------------------------- outputs
_MACHINE = [(re.compile(r'(?<![\w.])/tmp/tmp\w+/'), '<tmp>/'),
            (re.compile(r'(?<![\w.])/work/shared/'), '../shared/'),
            (re.compile(r'(?<![\w.])' + re.escape(str(ROOT.parent)) + r'/shared/'), '../shared/'),
            (re.compile(r'(?<![\w.])/work/[\w.-]+/'), ''),
            (re.compile(r'(?<![\w.])' + re.escape(str(ROOT)) + '/'), ''),
            (re.compile(r'(?<![\w.])/(?:root|home/\w+)/'), '~/'),
            (re.compile(r'Linux-[\w.+-]+?-(x86_64|aarch64)(?:-with-glibc[\d.]+)?'), r'Linux \1'),
            (re.compile(r'\b' + re.escape(socket.gethostname()) + r'\b'), '<host>')]
_SKIP = re.compile(r'^.*(?:no CUDA|GPU check skipped|CUDA (?:is )?not available).*\n?', re.M | re.I)
_PIPE_ROW = re.compile(r'^\s*\|.*\|\s*$')


def clean_text(t: str) -> str:
    "Reader-facing output text: paths and platform strings of the machine that ran the notebook made neutral."
    for rx, rep in _MACHINE: t = rx.sub(rep, t)
    return t.replace(' ± ', '\u00a0±\u00a0')   # a mean and its interval never split over two lines


def _stream_md(t: str) -> str | None:
    "A printed report holding pipe tables as markdown: tables rendered, other blocks kept as text; None if no table."
    blocks = re.split(r'\n\s*\n', t.strip('\n'))
    if not any(len(b.splitlines()) > 1 and all(_PIPE_ROW.match(l) for l in b.splitlines()) for b in blocks): return None
    out = []
    for b in blocks:
        lines = b.splitlines()
        if all(_PIPE_ROW.match(l) for l in lines): out.append(b)
        elif len(lines) == 1 and b.startswith('**'): out.append(b)
        else: out.append('```text\n' + b + '\n```')
    return '\n\n'.join(out)


def _clean_output(o):
    "One output as a reader sees it (None: drop it): show_doc rules, skip messages, machine strings, pipe tables."
    o = json.loads(json.dumps(o))
    d = o.get('data', {})
    md = d.get('text/markdown')
    if md is not None:   # show_doc's markdown starts with a `---` rule, which docutils cannot place inside an output
        d['text/markdown'] = clean_text(re.sub(r'^---\s*$', '', ''.join(md) if isinstance(md, list) else md, flags=re.M))
    for k in ('text/plain', 'text/html'):
        if k in d: d[k] = clean_text(''.join(d[k]) if isinstance(d[k], list) else d[k])
    if o.get('output_type') == 'stream':
        t = clean_text(_SKIP.sub('', ''.join(o['text']) if isinstance(o['text'], list) else o['text']))
        if not t.strip(): return None
        if (m := _stream_md(t)) is not None:
            return {'output_type': 'display_data', 'metadata': {}, 'data': {'text/markdown': m, 'text/plain': t}}
        o['text'] = t
    return o


# ----------------------------------------------------------------------------------- test cells folded
def is_test_cell(src: str) -> bool:
    "A cell that checks rather than explains: it calls `test_*`/asserts, and defines no function or class."
    try: tree = ast.parse(src)
    except SyntaxError: return False
    if any(isinstance(t, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for t in tree.body): return False
    return any(isinstance(n, ast.Assert) or (isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and n.func.id.startswith('test_')) for n in ast.walk(tree))


def is_assert_cell(src: str) -> bool:
    "A cell made only of assertions (`test_*` calls, `assert`): folded even when it prints something."
    try: tree = ast.parse(src)
    except SyntaxError: return False
    return bool(tree.body) and all(isinstance(t, ast.Assert) or (isinstance(t, ast.Expr) and isinstance(t.value, ast.Call)
               and isinstance(t.value.func, ast.Name) and t.value.func.id.startswith('test_')) for t in tree.body)


_re_showdoc_md = re.compile(r'\s*(---\s*)?(\[source\]\([^)]*\)[^\n]*\s*)?#+ \S+\s*```python\n(def|class) ')


def translate(nb, documented=None, linker=None, stem=None):
    """Step 2: Quarto front matter -> `# title` cell; Quarto cell options -> MyST-NB tags; show_doc -> Sphinx objects;
    links to the public site -> cross-references; outputs cleaned; test cells folded. Returns (nb, page, api objects)."""
    cells, page, objs = [], None, []
    link = linker or (lambda s: s)
    for c in nb['cells']:
        s = _src(c)
        if c['cell_type'] == 'raw' and s.lstrip().startswith('---'):
            fm = _front_matter(s)
            page = fm.get('output-file', '').removesuffix('.html') or None
            md = f"# {fm.get('title', page or '')}\n\n" + (f"> {' '.join(fm['description'].split())}\n" if fm.get('description') else '')
            cells.append({'cell_type': 'markdown', 'metadata': {}, 'source': md})
            continue
        if c['cell_type'] == 'markdown' and 'THIS FILE WAS AUTOGENERATED' in s: continue
        if c['cell_type'] == 'markdown': c = dict(c, source=link(s))
        if c['cell_type'] == 'code':
            lines, tags = s.splitlines(), set(c.get('metadata', {}).get('tags', []))
            while lines and (m := _re_opt.match(lines[0])):
                t = _TAGS.get((m.group(1), m.group(2).lower()))
                if t: tags.add(t)
                lines.pop(0)
            api = [t for o in c.get('outputs', []) if (t := show_doc_target(''.join(o.get('data', {}).get('text/markdown', ''))))]
            if api and documented is not None:   # a show_doc cell: the object as a Sphinx directive
                mod, qual = api[0]; full = f'{mod}.{qual}'
                d = api_directive(mod, qual, no_index=documented.get(full) != stem)
                if d is not None:
                    objs.append(full)
                    cells.append({'cell_type': 'markdown', 'metadata': {}, 'source': linker.backticks(d) if linker else d,
                                  'id': f'c{len(cells)}'})
                    continue
            objs += [f'{m}.{q}' for m, q in api]
            if any(_re_showdoc_md.match(''.join(o.get('data', {}).get('text/markdown', ''))) for o in c.get('outputs', [])) and not api:
                continue   # nbdev's automatic show_doc of a page-local helper (an `exec_doc` cell's function): not API
            outs = [o for o in (_clean_output(o) for o in c.get('outputs', [])) if o is not None]
            for o in outs:
                if 'text/markdown' in o.get('data', {}): o['data']['text/markdown'] = link(o['data']['text/markdown'])
            src = '\n'.join(lines)
            if 'remove-input' not in tags and (is_assert_cell(src) or (not outs and is_test_cell(src))): tags.add('hide-input')
            c = {'cell_type': 'code', 'execution_count': None, 'source': src, 'outputs': outs,
                 'metadata': dict(c.get('metadata', {}), tags=sorted(tags))}
            if not c['source'].strip() and not outs: continue
        c = {k: v for k, v in c.items() if k in ('cell_type', 'metadata', 'source', 'outputs', 'execution_count', 'attachments')}
        c['id'] = f'c{len(cells)}'
        cells.append(c)
    nb = dict(nb, cells=cells)
    nb['metadata'] = {'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'},
                      'language_info': {'name': 'python'}}
    return nb, page, objs


CONF = """
import configparser, importlib, inspect, os, sys
from pathlib import Path
ROOT = Path({root!r})
sys.path.insert(0, str(ROOT))
project = "ppssl"
author = {author!r}
copyright = {copyright!r}
extensions = ["myst_nb", "sphinx-mathjax-offline", "sphinx.ext.linkcode"]
html_theme = "furo"
html_title = "ppssl"
html_static_path = ["_static"]
html_css_files = ["ppssl.css"]
myst_enable_extensions = ["dollarmath", "amsmath", "attrs_inline", "fieldlist"]
nb_execution_mode = "off"              # outputs are the ones committed in the notebooks
nb_render_markdown_format = "myst"     # show_doc output and markdown outputs may hold maths
nb_output_stderr = "remove"
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]
exclude_patterns = ["_build"]
add_module_names = False               # `PPSSLConfig`, not `ppssl.model.PPSSLConfig`, in signatures
python_maximum_signature_line_length = 70   # long signatures one parameter per line
python_display_short_literal_types = True
GIT_URL, BRANCH = {git_url!r}, {branch!r}


def linkcode_resolve(domain, info):
    "The object's file and first line in the repository at `git_url` (settings.ini), e.g. .../blob/main/ppssl/model.py#L52."
    if domain != 'py' or not info.get('module'): return None
    try:
        obj = importlib.import_module(info['module'])
        for part in info['fullname'].split('.'): obj = getattr(obj, part)
        obj = inspect.unwrap(getattr(obj, 'fget', None) or getattr(obj, '__func__', None) or obj)
        path = Path(inspect.getsourcefile(obj)).resolve().relative_to(ROOT)
        line = inspect.getsourcelines(obj)[1]
    except Exception: return None
    return f"{{GIT_URL}}/blob/{{BRANCH}}/{{path.as_posix()}}#L{{line}}"
"""

CSS = """
/* furo's table wrapper adds its padding outside a full-width table: keep it inside the column */
.table-wrapper { box-sizing: border-box; max-width: 100%; }
table.config-table td:nth-child(1), table.config-table td:nth-child(2), table.config-table td:nth-child(3) { word-break: break-word; }
table.config-table code.literal { white-space: normal; }
.cell_output table { font-size: 0.8em; }
.cell_output th, .cell_output td { padding: 0.2rem 0.3rem; }   /* wide results tables fit the column */
.cell_output td, .cell_output th { overflow-wrap: normal; }   /* "2.9 ± 1.1" is joined by no-break spaces: never split it */
/* code and outputs wrap inside the column: nothing is cut at the right edge, and no sideways scrolling to read */
pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow-x: auto; max-width: 100%; }
"""

# the reader's first pages, right after the home page; the other notebooks follow in their numbered order
FIRST = ['15_quickstart', '16_your_data']


def site():
    "Steps 2-3: translate _proc/*.ipynb into _docs_src/ and render it with Sphinx into _site/."
    shutil.rmtree(SRC, ignore_errors=True); SRC.mkdir(); (SRC/'_static').mkdir()
    s = settings()
    (SRC/'conf.py').write_text(CONF.format(root=str(ROOT), author=s.get('author', ''), copyright=s.get('copyright', ''),
                                           git_url=s.get('git_url', ''), branch=s.get('branch', 'main')))
    (SRC/'_static'/'ppssl.css').write_text(CSS)
    files = sorted(PROC.glob('*.ipynb'))
    nbs = {f.stem: json.loads(f.read_text()) for f in files}
    # pass 1: which page documents which object (the page of the object's own module wins; else the first)
    documented = {}
    mod_page = {}
    for stem in nbs:
        src = NBS/f'{stem}.ipynb'
        if src.exists() and (m := re.search(r'^#\|\s*default_exp\s+(\S+)', src.read_text(), re.M)): mod_page['ppssl.' + m.group(1)] = stem
    for stem, nb in nbs.items():
        for _, _, objs in [translate(nb)]:
            for full in objs:
                mod = '.'.join(full.split('.')[:2])
                if full not in documented or mod_page.get(mod) == stem: documented[full] = stem
    linker = Linker(set(documented))
    pages = []
    for stem, nb in nbs.items():
        out, _, _ = translate(nb, documented, linker, stem)
        if stem != 'index': pages.append(stem)   # the notebook's own name, so that links between notebooks resolve
        (SRC/f'{stem}.ipynb').write_text(json.dumps(out))
    pages = [p for p in FIRST if p in pages] + [p for p in pages if p not in FIRST]
    idx = json.loads((SRC/'index.ipynb').read_text())
    idx['cells'].append({'cell_type': 'markdown', 'metadata': {},
                         'source': '```{toctree}\n:hidden:\n:maxdepth: 1\n\n' + '\n'.join(pages) + '\ngenindex\n```\n'})
    (SRC/'index.ipynb').write_text(json.dumps(idx))
    shutil.rmtree(SITE, ignore_errors=True); shutil.rmtree(BUILD, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'sphinx', '-b', 'html', '-q', '-j', '2', '-d', str(BUILD/'doctrees'),
                    str(SRC), str(BUILD/'html')], check=True)
    shutil.move(BUILD/'html', SITE)
    (SITE/'.nojekyll').touch()   # GitHub Pages: serve _static/ as is
    print(f'docs: {len(pages) + 1} pages in {SITE}, {len(documented)} API objects')


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--readme', action='store_true', help='only regenerate README.md')
    a = ap.parse_args()
    readme()
    if not a.readme: proc(); site()
