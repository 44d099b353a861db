// Workers Static Assets for workerd, for tests and the benchmark: on
// Cloudflare, a request for a file of the bundle's public/ folder
// (wrangler.jsonc "assets") is answered with the file and never reaches
// the Worker; any other request goes to the Worker. workerd has no such
// layer, so this worker stands in front of the bridge and does the same
// from a disk service over that folder.

const types = {
  ".wasm": "application/wasm",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ogg": "audio/ogg",
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const ext = url.pathname.slice(url.pathname.lastIndexOf("."));
    if ((request.method === "GET" || request.method === "HEAD") && types[ext]) {
      const file = await env.FILES.fetch(new URL(url.pathname, "http://files"), { method: request.method });
      if (file.ok) {
        return new Response(file.body, {
          headers: { "Content-Type": types[ext], "Cache-Control": "public, max-age=0, must-revalidate" },
        });
      }
    }
    return env.BRIDGE.fetch(request);
  },
};
