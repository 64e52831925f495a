// Scalar validates its configuration with zod, which probes `Function("")` to compile its
// validators: the page's policy allows no eval, so zod is told not to try (else the browser
// reports a CSP violation). Imported before Scalar, so it runs before any schema is used.
import { config } from "zod";

config({ jitless: true });
