// The API reference at /api/v1/docs. zod's setting (./jitless) must be in force before any of
// Scalar's modules runs (they build and use their schemas on load): the renderer is loaded
// after it, by a dynamic import (a static one would be evaluated first).
import "./jitless";

void import("./render");
