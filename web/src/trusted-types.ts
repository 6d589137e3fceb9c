// The page runs with Trusted Types enforced (require-trusted-types-for 'script'): a string
// reaches a DOM sink that can run script only through a policy. Lit has its own
// ('lit-html'). This default policy lets exactly one other thing through: the URL of a
// script of our own origin — the core's Worker, which @techo/core starts with
// `new Worker(new URL(...))`. Every other use of a sink (HTML, inline script, a foreign
// script URL) is blocked and reported as a policy violation.
interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScriptURL?: (input: string) => string | null }): unknown;
}

const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;

factory?.createPolicy('default', {
  // null refuses: the browser blocks the sink and reports a policy violation.
  createScriptURL(input: string): string | null {
    const url = new URL(input, document.baseURI);
    return url.origin === location.origin && url.pathname.endsWith('.js') ? url.href : null;
  },
});
