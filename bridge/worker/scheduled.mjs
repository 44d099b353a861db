// Fires the bridge Worker's cron handler on request, for tests and the
// benchmark: workerd has no scheduler of its own, so where Cloudflare would
// run the cron trigger (wrangler.jsonc "triggers"), the test harness posts
// here instead. It answers with the run's outcome ("ok" or "exception").
//
//   POST /scheduled?cron=*/1+*+*+*+*

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method !== "POST" || url.pathname !== "/scheduled") {
      return Response.json({ error: "POST /scheduled fires the cron handler" }, { status: 404 });
    }
    const cron = url.searchParams.get("cron") || "* * * * *";
    const result = await env.BRIDGE.scheduled({ cron, scheduledTime: new Date() });
    return Response.json(result, { status: result.outcome === "ok" ? 200 : 500 });
  },
};
