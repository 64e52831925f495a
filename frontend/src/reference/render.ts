// The API reference at /api/v1/docs: Scalar renders the merged OpenAPI document that the
// gateway serves at /api/v1/openapi.json. Everything comes from this bundle (no CDN): the
// default fonts (loaded from Scalar's CDN) are off, and so are telemetry, the AI agent, the
// MCP button and the proxy through scalar.com.
import { createApiReference } from "@scalar/api-reference";
import "@scalar/api-reference/style.css";
import "./reference.css";

createApiReference("#reference", {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  // the sidebar's "Open API Client" would open client.scalar.com: the "Test request" button of
  // each operation opens the same client here, in the page
  hideClientButton: true,
  showDeveloperTools: "never",
  documentDownloadType: "json",
  hideDarkModeToggle: false,
  persistAuth: false,
  // requests from "Test request" go straight to this origin, never through a proxy
  proxyUrl: "",
  mcp: { disabled: true },
  agent: { disabled: true },
  externalUrls: {
    dashboardUrl: "",
    registryUrl: "",
    proxyUrl: "",
    apiBaseUrl: "",
  },
  authentication: { preferredSecurityScheme: "BearerToken" },
  defaultOpenFirstTag: true,
  metaData: { title: "MT-Facturation API v1 reference" },
});

// The webhook events' AsyncAPI document (/api/v1/asyncapi.json) has its link in the bar
// (`#asyncapi-link`); the reference itself lists the events under "Webhooks".
