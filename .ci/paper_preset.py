"""`ppssl train --preset paper` as a user with a network runs it, and as one without.

    python .ci/paper_preset.py            # run by .ci/run (unit `paper-preset`)

Online: a localhost stand-in for the Hugging Face Hub (huggingface_hub honours HF_ENDPOINT) serves a random-weight
ViT-B-32 under the repository that open_clip's `openai` tag names, and a pre-filled torch hub cache (TORCH_HOME)
holds a random-weight ResNet-50 under the file name of torchvision's IMAGENET1K_V1. The paper preset must build its
model from exactly those weights through the libraries' own download paths and train one step on the CUB subset.
Offline (the real endpoints behind an https proxy that does not answer, which is what "no network" looks like to the
libraries whether or not this CI machine can reach download.pytorch.org; empty caches): the same command must be refused
within seconds, before any work (exit 2, one line naming both fields, no run folder), with the command-line routes. Random weights stand in for the real ones: nothing here is a
pretrained result.
"""
import hashlib, http.server, json, math, os, subprocess, sys, tempfile, threading, time
from pathlib import Path
import torch

def serve(files: dict):
    "A thread serving {repo: {file: bytes}} at /{repo}/resolve/{rev}/{file} with the Hub's headers; (server, url, log)."
    log = []
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def _head(self):
            parts = self.path.split('?')[0].strip('/').split('/')
            repo, data = '', None
            if 'resolve' in parts:
                i = parts.index('resolve'); repo = '/'.join(parts[:i])
                data = files.get(repo, {}).get('/'.join(parts[i + 2:]))
            log.append((self.command, self.path, data is not None))
            if data is None:
                self.send_response(404); self.send_header('X-Error-Code', 'EntryNotFound'); self.send_header('Content-Length', '0'); self.end_headers(); return None
            self.send_response(200); self.send_header('X-Repo-Commit', hashlib.sha1(repo.encode()).hexdigest())
            self.send_header('ETag', '"' + hashlib.sha256(data).hexdigest() + '"'); self.send_header('Content-Length', str(len(data))); self.end_headers()
            return data
        def do_HEAD(self): self._head()
        def do_GET(self):
            d = self._head()
            if d is not None: self.wfile.write(d)
    s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s, f"http://127.0.0.1:{s.server_address[1]}", log

def ppssl_train(out, env, timeout=900):
    cmd = [sys.executable, '-m', 'ppssl.cli', 'train', '--preset', 'paper', '--data', 'cub', '--max-steps', '1', '--batch-size', '4',
           '--device', 'cpu', '--num-workers', '0', '--no-progress', '--out', str(out)]
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    return r, time.time() - t0

def main() -> int:
    import open_clip, safetensors.torch, torchvision
    base = {k: v for k, v in os.environ.items() if k not in ('HF_HUB_OFFLINE', 'HF_ENDPOINT', 'TORCH_HOME', 'HF_HOME')}
    base['OMP_NUM_THREADS'] = '2'
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        # the stand-ins: random weights under the real names
        g = torch.Generator().manual_seed(0)
        shapes = {k: v.shape for k, v in open_clip.create_model('ViT-B-32', device='meta').state_dict().items()}
        vit = {k: (0.02 * torch.randn(s, generator=g)).to(torch.float16) for k, s in shapes.items()}
        vit['logit_scale'] = torch.tensor(math.log(100.), dtype=torch.float16)
        repo = open_clip.get_pretrained_cfg('ViT-B-32', 'openai')['hf_hub'].rstrip('/')
        w = torchvision.models.ResNet50_Weights.IMAGENET1K_V1
        rn = torchvision.models.resnet50().state_dict()
        cache = d / 'torch' / 'hub' / 'checkpoints'; cache.mkdir(parents=True)
        torch.save(rn, cache / os.path.basename(w.url))
        server, url, log = serve({repo: {'open_clip_model.safetensors': safetensors.torch.save(vit)}})
        try:
            r, s = ppssl_train(d / 'run', dict(base, HF_ENDPOINT=url, HF_HOME=str(d / 'hf'), TORCH_HOME=str(d / 'torch')))
        finally: server.shutdown(); server.server_close()
        print(f"online (stand-in hub {url}, pre-filled TORCH_HOME): exit {r.returncode} in {s:.1f} s")
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
        got = [p for m, p, ok in log if m == 'GET' and ok]
        assert any(p.endswith('/open_clip_model.safetensors') for p in got), f"the teacher's weights were not downloaded: {log}"
        cfg = json.loads((d / 'run' / 'config.json').read_text())['model']
        assert (cfg['arch'], cfg['weights'], cfg['teacher'], cfg['teacher_weights']) == ('resnet50', 'IMAGENET1K_V1', 'ViT-B-32', 'openai'), cfg
        ck = torch.load(d / 'run' / 'checkpoint.pt', map_location='cpu', weights_only=True)
        k = next(k for k in ck['model'] if k.endswith('trunk.layer4.2.conv3.weight') and 'encoder_k' not in k and 'target' not in k)
        drift = float((ck['model'][k] - rn['layer4.2.conv3.weight']).norm() / rn['layer4.2.conv3.weight'].norm())
        fresh = float((torchvision.models.resnet50().state_dict()['layer4.2.conv3.weight'] - rn['layer4.2.conv3.weight']).norm() / rn['layer4.2.conv3.weight'].norm())
        print(f"  downloaded: {', '.join(sorted(set(p.rsplit('/', 1)[-1] for p in got)))}; student {k}: relative distance to the cached "
              f"ResNet-50 after one step {drift:.2e} (a fresh random init: {fresh:.2f})")
        assert drift < 1e-2 < fresh, (drift, fresh)
        # offline: the real endpoints behind a dead proxy, empty caches
        dead = 'http://127.0.0.1:9'
        r, s = ppssl_train(d / 'off', dict(base, HF_HOME=str(d / 'hf2'), TORCH_HOME=str(d / 'torch2'), https_proxy=dead, HTTPS_PROXY=dead,
                                           no_proxy='', NO_PROXY=''), timeout=120)
        err = r.stderr.strip()
        print(f"offline: exit {r.returncode} in {s:.1f} s: {err[:600]}")
        assert r.returncode == 2 and s < 30, (r.returncode, s, err[-2000:])
        assert len(err.splitlines()) == 1 and err.startswith('ppssl train: refused before any work:'), err[-2000:]
        for need in ("'model.weights' ('IMAGENET1K_V1')", '--weights /path/to/resnet50.pth', '--weights none',
                     "'model.teacher_weights' ('ViT-B-32', 'openai')", '--teacher-weights none', '--teacher ppssl-world'):
            assert need in err, f"the offline message lacks {need!r}: {err[-2000:]}"
        assert not (d / 'off').exists(), 'the refused run left a folder'
        # negative control: the same offline machine with the weights cached (the online run's caches) is not refused
        r, s = ppssl_train(d / 'cached', dict(base, HF_HOME=str(d / 'hf'), TORCH_HOME=str(d / 'torch'), https_proxy=dead, HTTPS_PROXY=dead,
                                              no_proxy='', NO_PROXY='', HF_HUB_OFFLINE='1'))
        print(f"offline with the weights cached: exit {r.returncode} in {s:.1f} s")
        assert r.returncode == 0, r.stderr[-3000:]
    print("paper preset: OK")
    return 0

if __name__ == '__main__': sys.exit(main())
