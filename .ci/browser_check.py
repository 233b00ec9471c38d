"""Load the built docs site in headless Chromium and check every page as a reader would meet it.

    python .ci/browser_check.py [--site _site] [--chromium /usr/bin/chromium]
    python .ci/browser_check.py --self-test     # only the negative controls

The site is served on localhost by Python's http.server and driven by Playwright with the system's
Chromium (no browser download). Each page is loaded at 1280 px, MathJax is awaited, and the page's
DOM is measured (`PAGE_JS`); the checks themselves are plain Python functions of those measurements
(`CHECKS`), so the same code runs on the site and on the negative controls.

Per page:
- `load`      HTTP 200, a non-empty <title>, a visible <h1> (Sphinx's search/genindex excepted)
- `math`      every MathJax source span holds a rendered `mjx-container`; a page whose source has `$` maths has some
- `tex`       no maths that swallowed prose: an inline formula whose TeX, `\\text{}` arguments and commands
              removed, still holds three words in a row is a `$` pairing gone wrong
- `escapes`   no literal `$`, `\\uXXXX`, `\\xXX`, `\\ ` or `\\command` in visible prose (code and maths excluded)
- `overflow`  no maths, image or table wider than its column (bounding box past the article's right edge,
              or a scroll container whose scrollWidth exceeds its clientWidth)
- `wrap`      no table cell holding a `±` interval that wraps onto two lines
- `pipes`     no raw pipe table (a `|---|---|` line) in visible text or output
- `selflink`  no link to the site's own public URL (settings.ini `doc_host` + `doc_baseurl`): pages link by relative URL
- `images`    every <img> has loaded (naturalWidth > 0)
- `figtext`   every figure's smallest text is >= 9 CSS px as displayed; see `FIG_TEXT_PX` for the rule
- `machine`   no machine strings in reader-facing text (prose and outputs, not code inputs): /work, /tmp, /home,
              this host's name, CPU model strings, `platform.platform()`-style strings
- `skipmsg`   no "no CUDA device / GPU check skipped" style message shown as page output
- `asserts`   no visible code cell made only of assertions (`test_*`, `assert`): they belong in a folded cell
- `showdoc`   no class shown as a function (nbdev's show_doc fallback `def ClassName(`)
- `srclink`   every API "[source]" link points at `git_url/blob/<branch>/ppssl/<mod>.py#L<n>` and line n of the
              local file defines that object
- `footer`    the copyright footer is not empty
- `clipped`   no `pre` (code or output) cut off: wider than its box without a scrollbar that takes room (headless
              Chromium, like overlay scrollbars, shows none: so code must wrap), or past the column
- `dupfig`    no two images with the same content (sha1 of the bytes) on one page
- `process`   no project-process words a reader cannot follow: "issue #N", "the issue's", "this round", "method.md",
              "shared/spec" (the words nbs/14_house refuses in the notebooks' source)
- `nbtable`   (index page) every notebook named in a table cell links to its page
Site-wide: every internal link resolves (HTTP 200) and its #fragment names an element of the target; the search
box finds `--query` and ranks the page that defines `--first` first; the general index lists >= 20 entries.

The negative controls (`--self-test`, and always run before the site check) write a tiny synthetic site with one
defect per page and require that exactly the intended check fails on each, and that a clean page passes all.
It prints one line per page and exits non-zero on any failure.
"""
import argparse, base64, configparser, hashlib, functools, html, http.server, json, re, socket, socketserver, sys, tempfile, threading
from pathlib import Path
from urllib.parse import urljoin, urldefrag, urlparse

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync']
SPECIAL = {'search.html', 'genindex.html', 'py-modindex.html'}   # Sphinx's own pages: no <h1> needed
MIN_TEXT_PX = 9
# Figure text rule. The stored outputs do not say which font sizes a figure was drawn with, so the rule is stated
# on the image: the house draws figures with matplotlib at `dpi` 72-100 and text of at least 9 pt, i.e. at least
# FIG_TEXT_PX image pixels of text (9 pt at 72 dpi). A figure displayed at `scale` = displayed width / natural width
# then shows its smallest text at FIG_TEXT_PX * scale CSS px, which must be >= MIN_TEXT_PX: an image may be shrunk by at
# most FIG_TEXT_PX / MIN_TEXT_PX (here not at all) -- so a figure must be drawn at most as wide as the column
# (furo's is ~ 740 px) with 9 pt text, and the figure helpers' font sizes are checked at plot time by their tests.
FIG_TEXT_PX = 9


def settings():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini'); return cfg['DEFAULT']


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass


def serve(site):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(('127.0.0.1', 0), handler); httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f'http://127.0.0.1:{httpd.server_address[1]}/'


PAGE_JS = '''async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const art = document.querySelector('article[role=main]') || document.querySelector('article') || document.body;
  const strip = (sel) => { const c = art.cloneNode(true); c.querySelectorAll(sel).forEach(e => e.remove());
    c.querySelectorAll('p, li, div, pre, h1, h2, h3, h4, h5, h6, td, th, dt, dd, blockquote, tr').forEach(e => e.append('\\n'));
    return c.textContent; };
  const artR = art.getBoundingClientRect();
  const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const desc = e => (e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.getAttribute('src') || e.textContent || '').slice(0, 60)).replace(/\\s+/g, ' ');
  const over = [];
  for (const e of art.querySelectorAll('mjx-container, div.math, img, table, .table-wrapper, .math-wrapper')) {
    if (!visible(e)) continue;
    const r = e.getBoundingClientRect();
    const scrolls = e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible';
    if (r.right > artR.right + 1 || scrolls) over.push(desc(e) + ` (${Math.round(Math.max(r.width, e.scrollWidth))} px > ${Math.round(artR.width)} px column)`);
  }
  const clipped = [];   // code or output cut off: wider than its box with no scrollbar, or past the column
  for (const e of art.querySelectorAll('pre')) {
    if (!visible(e)) continue;
    const cs = getComputedStyle(e), ox = cs.overflowX, r = e.getBoundingClientRect();   // a scrollbar is visible only
    const bar = e.offsetHeight - e.clientHeight - parseFloat(cs.borderTopWidth) - parseFloat(cs.borderBottomWidth) > 0;
    const hidden = e.scrollWidth > e.clientWidth + 1 && !(['auto', 'scroll'].includes(ox) && bar);   // where it takes room
    if (hidden || r.right > artR.right + 1) clipped.push(desc(e) + ` (${e.scrollWidth} px of text in ${e.clientWidth} px, overflow-x ${ox})`);
  }
  const wrapped = [];
  for (const td of art.querySelectorAll('td, th')) {   // the "mean ± interval" itself must sit on one line
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const m = /[\d.]+\s*±\s*[\d.]+/.exec(n.textContent);
      if (!m) continue;
      const rg = document.createRange(); rg.setStart(n, m.index); rg.setEnd(n, m.index + m[0].length);
      const tops = new Set([...rg.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) wrapped.push(td.textContent.trim().slice(0, 40));
    }
  }
  const h1 = document.querySelector('h1');
  const inputs = [...art.querySelectorAll('.cell_input')].filter(visible).map(e => e.innerText);
  return {
    title: document.title,
    h1: h1 ? h1.innerText.trim() : '',
    math_src: document.querySelectorAll('.math').length,
    math_done: document.querySelectorAll('mjx-container').length,
    raw_tex: [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container')).length,
    prose: strip('pre, code, .cell_input, mjx-container, .math, script, style, .highlight, .headerlink'),
    reader: strip('.cell_input, script, style, mjx-container, .headerlink'),
    blocks: [...art.querySelectorAll('.cell_output, p, li, blockquote')].filter(e => !e.closest('.cell_input')).map(e => e.innerText),
    outputs: [...art.querySelectorAll('.cell_output')].map(e => e.innerText),
    inputs: inputs,
    overflow: over,
    wrapped: wrapped,
    clipped: clipped,
    imgs: [...art.querySelectorAll('img')].filter(visible).map(i => ({src: (i.currentSrc || i.src).slice(-60), ok: i.complete && i.naturalWidth > 0,
             natural: i.naturalWidth, shown: i.getBoundingClientRect().width, url: i.currentSrc || i.src})),
    srclinks: [...document.querySelectorAll('dt.sig')].map(dt => { const a = dt.querySelector('a.reference.external, .viewcode-link');
             const l = a && (a.closest('a') || a); return {id: dt.id, href: l ? l.href : null}; }),
    footer: (document.querySelector('.copyright') || {innerText: ''}).innerText.trim(),
    tables: [...art.querySelectorAll('td')].map(td => ({text: td.innerText.trim(), href: td.querySelector('a') ? td.querySelector('a').getAttribute('href') : null})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  };
}'''


# --------------------------------------------------------------------------------------------- the checks
_TEXT_CMDS = re.compile(r'\\(?:text\w*|mathrm|operatorname|mbox|textrm|textit|textbf)\s*\{[^{}]*\}')


def check_tex(tex: list[str], ctx) -> list[str]:
    "Inline maths that holds running prose: three words in a row once commands and \\text{} arguments are removed."
    bad = []
    for t in tex:
        s = re.sub(r'\\[a-zA-Z]+', ' ', _TEXT_CMDS.sub(' ', t))
        if re.search(r'(?:\b[a-zA-Z]{2,}\b[\s,.;]+){2,}\b[a-zA-Z]{2,}\b', s): bad.append(f'prose typeset as maths: {t[:60]!r}')
    return bad


_ESC = re.compile(r'\$|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\ |\\[a-zA-Z]{2,}')


def _around(s, m, w=30): return s[max(0, m.start() - w):m.end() + w].replace('\n', ' ')


def check_escapes(info, ctx):
    return [f'literal {m.group()!r} in "{_around(info["prose"], m)}"' for m in _ESC.finditer(info['prose'])][:5]


def check_overflow(info, ctx): return [f'wider than its column: {o}' for o in info['overflow']][:5]
def check_wrap(info, ctx): return [f'table cell wraps: {w!r}' for w in info['wrapped']][:5]


_PIPE = re.compile(r'^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$', re.M)


def check_pipes(info, ctx):
    return [f'raw pipe table: {b.strip()[:60]!r}' for b in info['blocks'] if _PIPE.search(b)][:3]


def check_selflink(info, ctx):
    own = ctx['own_url']
    bad = sorted({l for l in info['links'] if own and l.startswith(own)})
    return [f'{len(bad)} link(s) to the public site instead of a relative page, e.g. {bad[0]}'] if bad else []


def check_images(info, ctx): return [f"broken image {i['src']}" for i in info['imgs'] if not i['ok']]


def check_figtext(info, ctx):
    bad = []
    for i in info['imgs']:
        if not i['ok'] or not i['natural']: continue
        px = FIG_TEXT_PX * i['shown'] / i['natural']
        if px < MIN_TEXT_PX - 0.05:
            bad.append(f"figure {i['src']} shrunk {i['natural']}->{i['shown']:.0f} px: smallest text ~{px:.1f} px < {MIN_TEXT_PX}")
    return bad


def _machine_re():
    host = re.escape(socket.gethostname())
    return re.compile(r'(?<![\w.])/(?:work|tmp|home|root)/|\b' + host + r'\b|Intel\(R\)|AMD EPYC|\bXeon\b|\bRyzen\b|CPU @ \d'
                      r'|Linux-\d+\.\d+[\w.-]*-(?:x86_64|aarch64)|with-glibc|\bglibc\d')


def check_machine(info, ctx):
    return [f'machine string {m.group()!r} in "{_around(info["reader"], m)}"' for m in ctx['machine'].finditer(info['reader'])][:5]


_SKIP = re.compile(r'no CUDA|GPU check skipped|CUDA (?:is )?not available', re.I)


def check_skipmsg(info, ctx):
    return [f'skip message shown as output: {o.strip()[:60]!r}' for o in info['outputs'] if _SKIP.search(o)]


_ASSERT = re.compile(r'^\s*(?:test_\w*\(|assert\b|#|$)')


def check_asserts(info, ctx):
    bad = [s for s in info['inputs'] if s.strip() and all(_ASSERT.match(l) for l in s.splitlines())]
    return [f'{len(bad)} visible assertion-only cell(s), e.g. {bad[0].strip()[:50]!r}'] if bad else []


def check_showdoc(info, ctx):
    return [f'class shown as a function: {m.group()!r}' for s in [info['reader']] for m in re.finditer(r'\bdef [A-Z]\w*\(', s)][:3]


def check_clipped(info, ctx): return [f'code or output cut off: {c}' for c in info['clipped']][:5]


def check_dupfig(info, ctx):
    "Two images of a page with the same content (the same figure shown twice)."
    seen, bad = {}, []
    for i in info['imgs']:
        h = i.get('hash')
        if h and h in seen: bad.append(f"the same figure twice: {seen[h]} and {i['src']}")
        elif h: seen[h] = i['src']
    return bad[:3]


_PROCESS = re.compile(r"\bissue ?#\d+|\bthe issue's\b|\bthis round\b|\bmethod\.md\b|shared/spec\b", re.I)   # as nbs/14_house


def check_process(info, ctx):
    "The project's own process (issue numbers, a spec file outside the repository) in what a reader sees."
    text = info['reader'] + '\n' + '\n'.join(info['inputs'])
    return [f'process words {m.group()!r} in "{_around(text, m)}"' for m in _PROCESS.finditer(text)][:5]


def check_srclink(info, ctx):
    bad, base = [], ctx['src_base']
    for s in info['srclinks']:
        if not s['id'].startswith('ppssl.'): continue
        if not s['href']: bad.append(f"{s['id']}: no source link"); continue
        m = re.match(re.escape(base) + r'(ppssl/[\w/]+\.py)#L(\d+)$', s['href'])
        if not m: bad.append(f"{s['id']}: source link {s['href']} is not {base}ppssl/<mod>.py#L<n>"); continue
        f, n = ctx['root']/m.group(1), int(m.group(2))
        lines = f.read_text().splitlines() if f.exists() else []
        name = s['id'].rsplit('.', 1)[-1]
        window = '\n'.join(lines[n - 1:n + 3]) if 0 < n <= len(lines) else ''
        if not re.search(rf'\b(?:def|class)\s+{re.escape(name)}\b|^\s*{re.escape(name)}\s*[:=]', window, re.M):
            bad.append(f"{s['id']}: line {n} of {m.group(1)} does not define {name}")
    return bad[:5]


def check_footer(info, ctx):
    return [] if re.search(r'\d{4}|\w{3,}', info['footer'].replace('Copyright', '')) else [f"empty copyright footer {info['footer']!r}"]


def check_nbtable(info, ctx):
    if ctx['page'] != 'index.html': return []
    return [f"notebook {t['text']!r} in the index table has no link to {t['text']}.html" for t in info['tables']
            if t['text'] in ctx['stems'] and not (t['href'] or '').startswith(t['text'] + '.html')]


def check_load(info, ctx):
    bad = []
    if ctx['status'] != 200: bad.append(f"HTTP {ctx['status']}")
    if not info['title'].strip(): bad.append('empty <title>')
    if not info['h1'] and ctx['page'] not in SPECIAL: bad.append('no <h1>')
    return bad


def check_math(info, ctx):
    bad = []
    if info['raw_tex']: bad.append(f"{info['raw_tex']} unrendered math element(s)")
    if ctx['has_math'] and not info['math_done']: bad.append('page has $maths$ but MathJax rendered none')
    return bad


CHECKS = {'load': check_load, 'math': check_math, 'tex': lambda info, ctx: check_tex(ctx['tex'], ctx),
          'escapes': check_escapes, 'overflow': check_overflow, 'wrap': check_wrap, 'pipes': check_pipes,
          'selflink': check_selflink, 'images': check_images, 'figtext': check_figtext, 'machine': check_machine,
          'skipmsg': check_skipmsg, 'asserts': check_asserts, 'showdoc': check_showdoc, 'srclink': check_srclink,
          'footer': check_footer, 'nbtable': check_nbtable, 'clipped': check_clipped, 'dupfig': check_dupfig,
          'process': check_process}


def tex_sources(html_text: str) -> list[str]:
    "TeX of the inline maths spans of a page, as Sphinx wrote them (before MathJax)."
    return [html.unescape(m) for m in re.findall(r'<span class="math notranslate nohighlight">\\\((.*?)\\\)</span>', html_text, re.S)]


def run_checks(info, ctx) -> dict[str, list[str]]:
    return {k: r for k, f in CHECKS.items() if (r := f(info, ctx))}


def context(site: Path, page: str, status: int, has_math: bool, stems) -> dict:
    s = settings()
    own = (s.get('doc_host', '') + s.get('doc_baseurl', '')).rstrip('/') + '/'
    src_base = f"{s.get('git_url', '').rstrip('/')}/blob/{s.get('branch', 'main')}/"
    return dict(page=page, status=status, has_math=has_math, stems=stems, own_url=own, src_base=src_base, root=ROOT,
                tex=tex_sources((site/page).read_text(errors='replace')), machine=_machine_re())


def check_page(page, base, site, p, has_math, stems):
    resp = page.goto(urljoin(base, p), wait_until='load')
    info = page.evaluate(PAGE_JS)
    for i in info['imgs']:   # content hash of each loaded image (data: URIs decoded, files fetched)
        if not i['ok']: continue
        u = i['url']
        data = base64.b64decode(u.split(',', 1)[1]) if u.startswith('data:') and ';base64,' in u[:80] else page.request.get(u).body()
        i['hash'] = hashlib.sha1(data).hexdigest()
    return info, run_checks(info, context(site, p, resp.status if resp else None, has_math, stems))


# ------------------------------------------------------------------------------------- negative controls
_HEAD = '<!doctype html><html><head><meta charset="utf-8"><title>{t}</title><style>body{{margin:0}} article{{width:700px;margin:0 40px}}</style></head><body><article role="main"><h1>{t}</h1>{b}</article><footer><div class="copyright">{c}</div></footer><script>document.querySelectorAll(".math").forEach(e => e.appendChild(document.createElement("mjx-container")))</script></body></html>'
_S = settings()
_SRC = f"{_S.get('git_url', '').rstrip('/')}/blob/{_S.get('branch', 'main')}/"
CONTROLS = {   # page -> (the check that must fail, body); 'clean' must pass every check
    'clean': (None, '<p>Plain prose with <code>$HOME</code> and a <a href="other.html">link</a>, an issue of scale.</p>'
              '<table><tr><td>2.9 ± 1.1</td></tr></table><img src="small.png"><img src="fig.png" style="width:600px">'
              '<pre style="overflow-x:auto;width:600px">z = 3</pre><pre style="white-space:pre-wrap">'
              + 'w = 4  # ' * 40 + '</pre>'),
    'escapes_dollar': ('escapes', '<p>the AP is $\\mathrm{AP} = 1$ here</p>'),
    'escapes_unicode': ('escapes', '<blockquote>Eqs. 5\\u20136, layer\\ \\ guidance</blockquote>'),
    'tex': ('tex', '<p><span class="math notranslate nohighlight">\\(R\\) the precision at each correct item, averaged over all \\(R\\)</span></p>'),
    'overflow': ('overflow', '<div class="math-wrapper" style="overflow-x:auto"><div class="math"><span style="display:inline-block;width:1400px">x</span></div></div>'),
    'overflow_img': ('overflow', '<img style="width:1200px" src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==">'),
    'wrap': ('wrap', '<table style="width:60px"><tr><td>2.9 ± 1.1</td></tr></table>'),
    'pipes': ('pipes', '<div class="cell_output"><pre>| method | mAP |\n|---|---|\n| moco | 1.0 |</pre></div>'),
    'selflink': ('selflink', f'<p><a href="{_S.get("doc_host", "")}{_S.get("doc_baseurl", "")}/model.html#ppssl">PPSSL</a></p>'),
    'images': ('images', '<img src="missing.png">'),
    'figtext': ('figtext', '<img style="width:300px" src="fig.png">'),
    'machine': ('machine', '<div class="cell_output"><pre>run on Linux-6.1.0-18-amd64-x86_64-with-glibc2.36, data in /work/shared</pre></div>'),
    'skipmsg': ('skipmsg', '<div class="cell_output"><pre>no CUDA device: GPU check skipped</pre></div>'),
    'asserts': ('asserts', '<div class="cell_input"><pre>test_eq(f(1), 2)\nassert g()</pre></div>'),
    'showdoc': ('showdoc', '<div class="highlight"><pre>def PPSSLConfig(\n    arch:str=\'resnet50\'\n)</pre></div>'),
    'srclink': ('srclink', f'<dl><dt class="sig" id="ppssl.model.PPSSLConfig"><a class="reference external" href="{_SRC}ppssl/model.py#L1">[source]</a></dt></dl>'),
    'footer': ('footer', None),
    'clipped': ('clipped', '<pre style="overflow-x:hidden;width:600px">' + 'x = 1  # ' * 40 + '</pre>'),
    'clipped_past': ('clipped', '<pre style="overflow:visible;width:1200px">' + 'y = 2  # ' * 40 + '</pre>'),
    'dupfig': ('dupfig', '<img src="small.png"><img src="small_copy.png">'),
    'process': ('process', "<p>As issue #14 asked, the reading is in method.md.</p>"),
    'index': ('nbtable', '<table><tr><td><code>05_model</code></td></tr></table>'),
}


def self_test(chromium) -> list[str]:
    "Write the control pages, check them, return the list of controls that did not behave (empty: all good)."
    from playwright.sync_api import sync_playwright
    from PIL import Image
    errs = []
    with tempfile.TemporaryDirectory() as d:
        site = Path(d)
        Image.new('RGB', (600, 100), 'white').save(site/'fig.png')
        for f in ('small.png', 'small_copy.png'): Image.new('RGB', (60, 30), 'red').save(site/f)
        (site/'other.html').write_text(_HEAD.format(t='other', b='', c='2026 ppssl'))
        for name, (_, body) in CONTROLS.items():
            (site/f'{name}.html').write_text(_HEAD.format(t=name, b=body or '<p>x</p>', c='' if name == 'footer' else '2026 ppssl'))
        httpd, base = serve(site)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={'width': 1280, 'height': 900})
            for name, (want, _) in CONTROLS.items():
                _, res = check_page(page, base, site, f'{name}.html', False, {'05_model'})
                got = set(res)
                ok = (not got) if want is None else (got == {want})
                print(f"control {name:16s} expects {want or 'no failure':9s} got {sorted(got) or 'none'} {'ok' if ok else 'WRONG'}")
                if not ok: errs.append(name)
            browser.close()
        httpd.shutdown()
    return errs


# ------------------------------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', default=str(ROOT/'_site'))
    ap.add_argument('--chromium', default='/usr/bin/chromium')
    ap.add_argument('--query', default='momentum', help='a word the search box must find')
    ap.add_argument('--first', default='ppssl.model.PPSSLConfig', help='an API object whose page search must rank first')
    ap.add_argument('--self-test', action='store_true', help='only run the negative controls')
    a = ap.parse_args()
    ctl = self_test(a.chromium)
    print(f'negative controls: {len(CONTROLS) - len(ctl)}/{len(CONTROLS)} behave')
    if a.self_test or ctl: sys.exit(1 if ctl else 0)
    site = Path(a.site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob('*.html'))
    if not pages: sys.exit(f'browser check: no HTML pages in {site}; build the site first (python .ci/docs.py)')
    src = ROOT/'_docs_src'
    stems = {p[:-5] for p in pages} - {'index', 'search', 'genindex', 'py-modindex'}
    has_math = {f'{p.stem}.html' for p in src.glob('*.ipynb') if '$' in ''.join(
        ''.join(c['source']) for c in json.loads(p.read_text())['cells'] if c['cell_type'] == 'markdown')}
    from playwright.sync_api import sync_playwright
    httpd, base = serve(site)
    failures, ids_of, checked_links, n_fail = [], {}, {}, 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=a.chromium, args=FLAGS)
        page = browser.new_page(viewport={'width': 1280, 'height': 900})
        errors = []
        page.on('pageerror', lambda e: errors.append(str(e)))
        for p in pages:
            errors.clear()
            info, res = check_page(page, base, site, p, p in has_math, stems)
            if errors: res['js'] = [f'JS error: {e}' for e in errors]
            url = urljoin(base, p)
            ids_of[url] = set(info['ids'])
            for link in info['links']:
                if urlparse(link).netloc != urlparse(base).netloc: continue   # external: not checked offline
                checked_links.setdefault(link, []).append(p)
            print(f"{p:24s} math={info['math_done']:3d} imgs={len(info['imgs']):2d} {'ok' if not res else 'FAIL'}")
            for k, msgs in res.items():
                for m in msgs: print(f'    [{k}] {m}')
            if res: failures.append(p); n_fail += sum(map(len, res.values()))
        # the search box: a query typed into it must find the page that defines a known word / object first
        first_page = next((u for u, ids in ids_of.items() if a.first in ids), None)
        for q, want in ((a.query, None), (a.first.rsplit('.', 1)[-1], first_page)):
            page.goto(urljoin(base, 'index.html'))
            page.fill('input[name="q"]', q); page.keyboard.press('Enter')
            try:
                page.wait_for_selector('#search-results li, ul.search li', timeout=15000)
                hits = page.locator('#search-results li a, ul.search li a')
                top = urldefrag(hits.first.evaluate('a => a.href'))[0] if hits.count() else None
                print(f'search box: {q!r} -> {page.locator("#search-results li, ul.search li").count()} result(s), first {top}')
                if want and top != want: print(f'    search: {q!r} ranks {top} first, not {want}'); failures.append('search')
            except Exception:
                print(f'search box: no results for {q!r}'); failures.append('search')
        if first_page is None: print(f'    search: no page defines {a.first}'); failures.append('search')
        page.goto(urljoin(base, 'genindex.html'))
        n_idx = page.locator('table.indextable a, .genindex-jumpbox a').count()
        print(f'general index: {n_idx} entries')
        if n_idx < 20: failures.append('genindex')
        # internal links: the target must load, and a #fragment must name an element of it
        for link, froms in sorted(checked_links.items()):
            target, frag = urldefrag(link)
            if target not in ids_of:
                r = page.request.get(target)
                if r.status != 200:
                    print(f'broken link {link} (HTTP {r.status}) from {froms[0]}'); failures.append(link); continue
                if target.endswith('.html'):
                    page.goto(target); ids_of[target] = set(page.evaluate('() => [...document.querySelectorAll("[id]")].map(e => e.id)'))
            if frag and target in ids_of and frag not in ids_of[target]:
                print(f'broken anchor {link} from {froms[0]}'); failures.append(link)
        browser.close()
    httpd.shutdown()
    print(f'browser check: {len(pages)} pages, {len(checked_links)} internal links, {len(failures)} failure(s)'
          f' ({n_fail} page findings)')
    sys.exit(1 if failures else 0)


if __name__ == '__main__': main()
