"""Load the built docs site in headless Chromium and check every page.

    python .ci/browser_check.py [--site _site] [--chromium /usr/bin/chromium]

The site is served on localhost by Python's http.server and driven by Playwright with the system's
Chromium (no browser download). For every HTML page of the site (Sphinx's search/genindex included)
it checks that:
- the page loads with HTTP 200, has a non-empty <title> and a visible <h1>;
- no math is left unrendered: every MathJax source span (`.math`) holds a rendered `mjx-container`
  once MathJax has typeset the page, and a page whose source notebook has `$` maths has some;
- every <img> has loaded (naturalWidth > 0);
- every internal link resolves (HTTP 200) and, when it has a #fragment, the target id exists.
It prints one line per page and exits non-zero on any failure.
"""
import argparse, functools, http.server, json, socketserver, sys, threading
from pathlib import Path
from urllib.parse import urljoin, urldefrag, urlparse

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync']


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass


def serve(site):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = socketserver.TCPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f'http://127.0.0.1:{httpd.server_address[1]}/'


SPECIAL = {'search.html', 'genindex.html', 'py-modindex.html'}   # Sphinx's own pages: no <h1> needed
PAGE_JS = '''async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const h1 = document.querySelector('h1');
  return {
    title: document.title,
    h1: h1 ? h1.innerText.trim() : '',
    math_src: document.querySelectorAll('.math').length,
    math_done: document.querySelectorAll('mjx-container').length,
    raw_tex: [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container')).length,
    imgs: [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  };
}'''


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', default=str(ROOT/'_site'))
    ap.add_argument('--chromium', default='/usr/bin/chromium')
    ap.add_argument('--query', default='momentum', help='a word the search box must find')
    a = ap.parse_args()
    site = Path(a.site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob('*.html'))
    if not pages: sys.exit(f'browser check: no HTML pages in {site}; build the site first (python .ci/docs.py)')
    src = ROOT/'_docs_src'
    has_math = {f'{p.stem}.html' for p in src.glob('*.ipynb') if '$' in ''.join(
        ''.join(c['source']) for c in json.loads(p.read_text())['cells'] if c['cell_type'] == 'markdown')}
    from playwright.sync_api import sync_playwright
    httpd, base = serve(site)
    failures, ids_of, checked_links = [], {}, {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=a.chromium, args=FLAGS)
        page = browser.new_page()
        errors = []
        page.on('pageerror', lambda e: errors.append(str(e)))
        for p in pages:
            errors.clear()
            url = urljoin(base, p)
            resp = page.goto(url, wait_until='load')
            info = page.evaluate(PAGE_JS)
            ids_of[url] = set(info['ids'])
            bad = []
            if resp is None or resp.status != 200: bad.append(f'HTTP {resp and resp.status}')
            if not info['title'].strip(): bad.append('empty <title>')
            if not info['h1'] and p not in SPECIAL: bad.append('no <h1>')
            if info['raw_tex']: bad.append(f"{info['raw_tex']} unrendered math element(s)")
            if p in has_math and not info['math_done']: bad.append('page has $maths$ but MathJax rendered none')
            bad += [f"broken image {i['src']}" for i in info['imgs'] if not i['ok']]
            bad += [f'JS error: {e}' for e in errors]
            for link in info['links']:
                if urlparse(link).netloc != urlparse(base).netloc: continue   # external: not checked offline
                checked_links.setdefault(link, []).append(p)
            status = 'ok' if not bad else 'FAIL: ' + '; '.join(bad)
            print(f"{p:28s} title={info['title'][:40]!r} math={info['math_done']} imgs={len(info['imgs'])} {status}")
            if bad: failures.append(p)
        # the search box: a query typed into it must find the page that defines a known word
        page.goto(urljoin(base, 'index.html'))
        page.fill('input[name="q"]', a.query); page.keyboard.press('Enter')
        try:
            page.wait_for_selector('#search-results li, ul.search li', timeout=15000)
            n = page.locator('#search-results li, ul.search li').count()
            print(f'search box: {a.query!r} -> {n} result(s)')
        except Exception:
            print(f'search box: no results for {a.query!r}'); failures.append('search')
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
    print(f'browser check: {len(pages)} pages, {len(checked_links)} internal links, {len(failures)} failure(s)')
    sys.exit(1 if failures else 0)


if __name__ == '__main__': main()
