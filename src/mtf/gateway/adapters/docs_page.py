"""A self-contained API reference page (no CDN: works offline) for /api/v1/docs.

Its one inline style and one inline script are allowed by the gateway's Content-Security-Policy
through their SHA-256 hashes (see `mtf.gateway.adapters.guard`): change them here only."""

DOCS_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
header{background:#0b3d91;color:#fff;padding:16px 24px}header a{color:#cde}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
.op{background:#fff;border:1px solid #d9e2ec;border-radius:6px;margin:8px 0}
.op summary{cursor:pointer;padding:10px 12px;display:flex;gap:12px;align-items:center}
.m{font-weight:700;font-family:monospace;min-width:64px;text-align:center;border-radius:4px;padding:2px 6px;color:#fff}
.get{background:#2f855a}.post{background:#2b6cb0}.patch{background:#b7791f}.delete{background:#c53030}.put{background:#6b46c1}
.p{font-family:monospace}.s{color:#52606d}.svc{margin-left:auto;color:#829ab1;font-size:12px}
pre{background:#f0f4f8;padding:10px;overflow:auto;font-size:12px;margin:0 12px 12px}
h2{margin-top:28px;text-transform:capitalize}
"""

DOCS_SCRIPT = """
fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{
  const root=document.getElementById('root');root.textContent='';
  const groups={};
  for(const [path,item] of Object.entries(doc.paths)){
    for(const [method,op] of Object.entries(item)){
      if(typeof op!=='object'||!op.responses)continue;
      const tag=(op.tags&&op.tags[0])||'other';(groups[tag]=groups[tag]||[]).push([method,path,op]);
    }
  }
  for(const tag of Object.keys(groups).sort()){
    const h=document.createElement('h2');h.textContent=tag;root.appendChild(h);
    for(const [method,path,op] of groups[tag]){
      const d=document.createElement('details');d.className='op';
      const s=document.createElement('summary');
      const m=document.createElement('span');m.className='m '+method;m.textContent=method.toUpperCase();
      const p=document.createElement('span');p.className='p';p.textContent=path;
      const t=document.createElement('span');t.className='s';t.textContent=op.summary||'';
      const v=document.createElement('span');v.className='svc';v.textContent=op['x-service']||'';
      s.append(m,p,t,v);d.appendChild(s);
      const pre=document.createElement('pre');
      pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
      d.appendChild(pre);root.appendChild(d);
    }
  }
  const h=document.createElement('h2');h.textContent='schemas';root.appendChild(h);
  const pre=document.createElement('pre');pre.textContent=JSON.stringify(doc.components.schemas,null,2);root.appendChild(pre);
});
"""

DOCS_HTML = (
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MT-Facturation API v1</title>
<style>"""
    + DOCS_STYLE
    + """</style></head><body>
<header><h1>MT-Facturation public API v1</h1>
<p>Machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
Authenticate with <code>POST /api/v1/auth/token</code>, then send
<code>Authorization: Bearer &lt;token&gt;</code>.</p></header>
<main id="root">Loading…</main>
<script>"""
    + DOCS_SCRIPT
    + """</script></body></html>"""
)
